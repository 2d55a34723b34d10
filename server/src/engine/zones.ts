// Exclusion zones: files where AI-written code should not be trusted without a human security review —
// authentication and authorization, cryptography, payments, personal data, credentials and API keys,
// session management. A file's zones come from evidence: its path, what it imports, the functions it
// defines and the fields it handles. Text-based on purpose: it is cheap, language-agnostic, and runs on
// every open file; each piece of evidence is reported, so a person can see why.
import picomatch from 'picomatch';

export type ZoneId = 'auth' | 'crypto' | 'payments' | 'personal-data' | 'credentials' | 'sessions';

export const ZONE_NAMES: Record<ZoneId, string> = {
  auth: 'Authentication & authorization',
  crypto: 'Cryptography',
  payments: 'Payments',
  'personal-data': 'Personal data',
  credentials: 'Credentials & API keys',
  sessions: 'Session management',
};

export interface ZoneEvidence {
  kind: 'path' | 'import' | 'function' | 'field' | 'keyword';
  text: string;
  /** 0-based line; -1 for the path. */
  line: number;
}

export interface Zone {
  id: string;
  name: string;
  evidence: ZoneEvidence[];
}

export interface CustomZone {
  name: string;
  globs?: string[];
  keywords?: string[];
}

export interface ZoneOptions {
  enabled?: boolean;
  /** Zone ids (or names) to silence. */
  disabled?: string[];
  custom?: CustomZone[];
}

interface ZoneSignals {
  path: RegExp;
  imports: RegExp;
  functions: RegExp;
  fields: RegExp;
}

const W = (words: string): string => `(?:${words})`;

const SIGNALS: Record<ZoneId, ZoneSignals> = {
  auth: {
    path: /(^|\/)(auth|authn|authz|login|logout|signin|signup|oauth2?|sso|saml|permissions?|rbac|acl|access[-_]?control|identity)(\/|[._-]|$)/i,
    imports: /\b(bcrypt|bcryptjs|argon2|passlib|passport(-[a-z]+)?|next-auth|@auth\/[a-z-]+|flask_login|flask_jwt_extended|django\.contrib\.auth|authlib|jsonwebtoken|jose|PyJWT|firebase-admin\/auth|org\.springframework\.security|Microsoft\.AspNetCore\.Identity|Microsoft\.AspNetCore\.Authorization|golang\.org\/x\/oauth2|casbin)\b/,
    functions: new RegExp(`\\b(?:def|function|func|async function|public|private|protected|static)?\\s*${W('login|logIn|logout|signIn|signUp|authenticate|authorize|verify_?[Pp]assword|check_?[Pp]assword|hash_?[Pp]assword|is_?[Aa]dmin|has_?[Pp]ermission|require_?[Rr]ole|can_?[Aa]ccess|reset_?[Pp]assword|change_?[Pp]assword')}\\s*\\(`),
    fields: /\b(password_hash|passwordHash|hashed_password|is_admin|isAdmin|role_id|permissions)\b/,
  },
  crypto: {
    path: /(^|\/)(crypto|cryptography|encryption|cipher|kms|keystore|keys)(\/|[._-]|$)/i,
    imports: /\b(cryptography\.hazmat|Crypto\.Cipher|nacl|node:crypto|require\(['"]crypto['"]\)|from ['"]crypto['"]|javax\.crypto|java\.security\.KeyPairGenerator|System\.Security\.Cryptography|crypto\/(aes|cipher|rsa|ecdsa|ed25519|hmac)|tweetnacl|libsodium)\b/,
    functions: new RegExp(`\\b${W('encrypt|decrypt|generate_?[Kk]ey|derive_?[Kk]ey|sign_?[Pp]ayload|verify_?[Ss]ignature|wrap_?[Kk]ey|unwrap_?[Kk]ey')}\\s*\\(`),
    fields: /\b(private_key|privateKey|iv|nonce|cipher_text|ciphertext|key_material)\b/,
  },
  payments: {
    path: /(^|\/)(payments?|billing|checkout|invoices?|stripe|paypal|braintree|refunds?|payouts?|subscriptions?)(\/|[._-]|$)/i,
    imports: /\b(stripe|@stripe\/[a-z-]+|braintree|paypalrestsdk|@paypal\/[a-z-]+|adyen|@adyen\/[a-z-]+|square|razorpay|com\.stripe|Stripe\.net|github\.com\/stripe\/stripe-go)\b/,
    functions: new RegExp(`\\b${W('charge|refund|capture_?[Pp]ayment|create_?[Pp]ayment_?[Ii]ntent|process_?[Pp]ayment|payout|create_?[Cc]harge|verify_?[Pp]ayment|apply_?[Cc]oupon')}\\s*\\(`),
    fields: /\b(card_number|cardNumber|cvv|cvc|amount_cents|amountCents|payment_intent|paymentIntent|iban|account_number)\b/,
  },
  'personal-data': {
    path: /(^|\/)(pii|gdpr|patients?|medical|health|kyc|profiles?|customers?)(\/|[._-]|$)/i,
    imports: /\b(presidio_analyzer|scrubadub)\b/,
    functions: new RegExp(`\\b${W('export_?[Uu]ser_?[Dd]ata|delete_?[Uu]ser_?[Dd]ata|anonymi[sz]e|pseudonymi[sz]e')}\\s*\\(`),
    fields: /\b(ssn|social_security_number|socialSecurityNumber|date_of_birth|dateOfBirth|dob|passport_number|passportNumber|tax_id|taxId|national_id|nationalId|medical_record|diagnosis|home_address|homeAddress)\b/,
  },
  credentials: {
    path: /(^|\/)(secrets?|credentials?|api[-_]?keys?|vault|tokens?)(\/|[._-]|$)|(^|\/)\.env(\.|$)/i,
    imports: /\b(hvac|boto3\.session|@aws-sdk\/client-secrets-manager|@google-cloud\/secret-manager|azure\.keyvault|Azure\.Security\.KeyVault|keyring|dotenv)\b/,
    functions: new RegExp(`\\b${W('get_?[Ss]ecret|rotate_?(?:[Kk]ey|[Ss]ecret|[Tt]oken)|create_?[Aa]pi_?[Kk]ey|revoke_?(?:[Kk]ey|[Tt]oken)|issue_?[Tt]oken')}\\s*\\(`),
    fields: /\b(api_key|apiKey|API_KEY|secret_key|secretKey|SECRET_KEY|client_secret|clientSecret|access_token|accessToken|refresh_token|refreshToken|aws_secret_access_key)\b/,
  },
  sessions: {
    path: /(^|\/)(sessions?|cookies?|middleware\/auth)(\/|[._-]|$)/i,
    imports: /\b(express-session|cookie-session|cookie-parser|iron-session|flask_session|django\.contrib\.sessions|gorilla\/sessions|spring-session|Microsoft\.AspNetCore\.Session)\b/,
    functions: new RegExp(`\\b${W('create_?[Ss]ession|destroy_?[Ss]ession|regenerate_?[Ss]ession|refresh_?[Ss]ession|set_?[Ss]ession_?[Cc]ookie|invalidate_?[Ss]ession')}\\s*\\(`),
    fields: /\b(session_id|sessionId|SESSION_COOKIE|httpOnly|HttpOnly|sameSite|SameSite|csrf_token|csrfToken)\b/,
  },
};

/** Evidence needed for a zone: a path, an import or a defined function counts 2, each distinct field 1. */
const THRESHOLD = 2;
const WEIGHT: Record<ZoneEvidence['kind'], number> = { path: 2, import: 2, function: 2, keyword: 2, field: 1 };
const MAX_EVIDENCE = 6;

function lineMatches(lines: string[], re: RegExp, kind: ZoneEvidence['kind'], out: ZoneEvidence[]): void {
  const flags = re.flags.includes('g') ? re.flags : re.flags + 'g';
  const g = new RegExp(re.source, flags);
  const seen = new Set<string>();
  for (let i = 0; i < lines.length && out.length < MAX_EVIDENCE * 2; i++) {
    const line = lines[i];
    if (line.length > 2000) continue;
    for (const m of line.matchAll(g)) {
      const text = m[0].trim().replace(/\s*\($/, '');
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ kind, text, line: i });
    }
  }
}

function score(evidence: ZoneEvidence[]): number {
  return evidence.reduce((n, e) => n + WEIGHT[e.kind], 0);
}

/** The zones of a file, from its path relative to the workspace root and its text. */
export function classifyZones(relPath: string, text: string, options: ZoneOptions = {}): Zone[] {
  if (options.enabled === false) return [];
  const disabled = new Set((options.disabled ?? []).map(s => s.toLowerCase()));
  const path = relPath.split('\\').join('/');
  // Comments are not evidence: a comment about session cookies (or an inserted prompt) is not session code.
  const lines = text.split('\n').map(l => (/^\s*(#|\/\/|\/\*|\*)/.test(l) ? '' : l));
  const importLines = lines.map(l => (/\b(import|require|using|from|include|package)\b/.test(l) ? l : ''));
  const zones: Zone[] = [];
  for (const [id, s] of Object.entries(SIGNALS) as [ZoneId, ZoneSignals][]) {
    if (disabled.has(id) || disabled.has(ZONE_NAMES[id].toLowerCase())) continue;
    const evidence: ZoneEvidence[] = [];
    const p = s.path.exec(path);
    if (p) evidence.push({ kind: 'path', text: path, line: -1 });
    lineMatches(importLines, s.imports, 'import', evidence);
    lineMatches(lines, s.functions, 'function', evidence);
    lineMatches(lines, s.fields, 'field', evidence);
    if (score(evidence) >= THRESHOLD) zones.push({ id, name: ZONE_NAMES[id], evidence: evidence.slice(0, MAX_EVIDENCE) });
  }
  for (const c of options.custom ?? []) {
    if (disabled.has(c.name.toLowerCase())) continue;
    const evidence: ZoneEvidence[] = [];
    if (c.globs?.length && picomatch(c.globs, { dot: true })(path)) evidence.push({ kind: 'path', text: path, line: -1 });
    if (c.keywords?.length) {
      const re = new RegExp(`\\b(${c.keywords.map(k => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'i');
      lineMatches(lines, re, 'keyword', evidence);
    }
    if (evidence.length) zones.push({ id: c.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name: c.name, evidence: evidence.slice(0, MAX_EVIDENCE) });
  }
  return zones;
}
