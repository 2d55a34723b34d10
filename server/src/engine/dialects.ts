// Per-language node vocabulary that the language-independent analyses (constness, value following,
// scope widening) need: which node types are literals, concatenations, assignments, function scopes.
// Adding a language means adding its dialect here; the analyses themselves never name a node type.
import type { Node } from 'web-tree-sitter';
import type { TreeLanguageId } from '../../../common/src/types';

export interface Binding {
  target: Node;
  value: Node;
}

export interface Dialect {
  /** String literals; constant unless they contain one of `interpolations`. */
  strings: Set<string>;
  interpolations: string[];
  /** The interpolation nodes are the interpolated expressions themselves (PHP "$x"), not wrappers around them. */
  interpolationIsExpression?: boolean;
  /** Node types that name a constant, constant when their (last) name is UPPER_CASE (PHP TABLE, self::TABLE). */
  upperConstants?: Set<string>;
  /** Function-like nodes that cannot read top-level variables (a PHP function sees only its own and globals). */
  isolatedScopes?: Set<string>;
  /** Numbers, booleans, null and the like. */
  literals: Set<string>;
  /** Constant when every named child is constant (binary operators, implicit concatenation). */
  combinators: Set<string>;
  /** Constant when their first named child is (parentheses, type assertions). */
  wrappers: Set<string>;
  identifiers: Set<string>;
  /** `obj.NAME` access node type -> field holding NAME; an UPPER_CASE name there is taken as a constant. */
  memberAccess: Record<string, string>;
  /** Function-like nodes: the scope within which values are followed. */
  scopes: Set<string>;
  /** Statement-like nodes: the smallest unit that live re-analysis widens a change to. */
  statements: Set<string>;
  /** Assignment-like node types and how to read (target, value) pairs from them. */
  bindings: Record<string, (n: Node) => Binding[]>;
  /**
   * Parameter declarations: the names they declare and their decoration (annotations, attributes, type):
   * `@RequestBody LoginRequest req` declares req, decorated "@RequestBody LoginRequest". A parameter is not
   * constant, and request-data rules can recognise a source by its decoration.
   */
  parameters?: Record<string, (n: Node) => { names: Node[]; decoration: string }>;
  /** Node types, besides identifiers, that name a variable a destructuring pattern binds (`const { file } = …`). */
  destructuredNames?: Set<string>;
  /** Choices (`c ? a : b`, `a if c else b`): their branches; constant when every branch is, whatever decides. */
  choices?: Record<string, (n: Node) => Node[]>;
  /** Container literals (`{n: "name"}`, dicts): their values; a table of constants is constant. */
  tables?: Record<string, (n: Node) => Node[]>;
  /** Lookups (`T[k]`) -> field of the looked-up object: a lookup in a table of constants gives a constant. */
  lookups?: Record<string, string>;
  /** Key/value nodes (object literal pairs, keyword arguments): type -> [key field, value field]. */
  keyedValues: Record<string, [string, string]>;
  /** Return statements: a value returned from a function is stored under the function's name. */
  returns: Set<string>;
  /** Call node types (each with an `arguments` field): a sanitizer is a call whose callee text matches. */
  calls: Set<string>;
  /** String formatting calls (`"…".format(a)`, `fmt.Sprintf(f, a)`): the parts that make the result, or null. */
  formatParts: (n: Node) => Node[] | null;
}

/** Arguments of a call whose callee text is one of `names`, for the formatParts of each dialect. */
function formatterCall(callType: string, calleeField: string, argsField: string, names: Set<string>, receiverCounts = false) {
  return (n: Node): Node[] | null => {
    if (n.type !== callType) return null;
    const callee = n.childForFieldName(calleeField);
    if (!callee || !names.has(callee.text.replace(/^.*\.(?=[^.]+\.[^.]+$)/, ''))) {
      // Python "...".format(...): the receiver is part of the result
      if (receiverCounts && callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format') {
        const recv = callee.childForFieldName('object');
        const args = n.childForFieldName(argsField)?.namedChildren ?? [];
        return recv ? [recv, ...args.map(a => (a.type === 'keyword_argument' ? a.childForFieldName('value') ?? a : a))] : null;
      }
      return null;
    }
    const args = n.childForFieldName(argsField)?.namedChildren ?? [];
    return args.map(a => (a.type === 'argument' ? a.namedChildren[a.namedChildren.length - 1] ?? a : a));
  };
}

function field(targetField: string, valueField: string) {
  return (n: Node): Binding[] => {
    const target = n.childForFieldName(targetField);
    const value = n.childForFieldName(valueField);
    return target && value ? [{ target, value }] : [];
  };
}

/** Go's `a, b := x, y`: pair the expression lists by position. */
function goLists(targetField: string, valueField: string) {
  return (n: Node): Binding[] => {
    const targets = n.childrenForFieldName(targetField).flatMap(t => (t.type === 'expression_list' ? t.namedChildren : [t]));
    const valueNode = n.childForFieldName(valueField);
    if (!valueNode) return [];
    const values = valueNode.type === 'expression_list' ? valueNode.namedChildren : [valueNode];
    const out: Binding[] = [];
    targets.forEach((t, i) => {
      const v = values[i];
      if (t && v) out.push({ target: t, value: v });
    });
    return out;
  };
}

/**
 * Calls that write into an operand, bound as assignments of that operand: a builder's receiver takes each
 * argument (`sb.append(a).append(b)`, `parts.push(x)`, `sb.WriteString(x)`), a C destination buffer takes
 * the other arguments (`strcat(buf, x)`, `snprintf(buf, n, fmt, x)`). So request data written into a
 * builder or a buffer is followed to where the builder's text is used, and a buffer filled only from
 * literals stays constant.
 */
interface CallWrites {
  /** The call's callee and arguments fields; callee '' when the call names its receiver and method itself (Java). */
  callee: string;
  args: string;
  /** Member callee: its node type, and the fields holding the receiver and the method name. */
  member?: { type: string; receiver: string; name: string };
  /** Methods that write their arguments into the receiver. */
  methods?: Set<string>;
  /** Functions (callee text) that write their other arguments into the first one (after a leading `&`). */
  functions?: Set<string>;
  /** Methods that decode into a pointer argument (`dec.Decode(&req)`, `c.ShouldBindJSON(&u)`): it takes the call. */
  decoders?: Set<string>;
}

function argumentValues(args: Node | null): Node[] {
  // C#'s argument and Python's keyword_argument wrap the expression
  return (args?.namedChildren ?? []).filter(a => a.type !== 'comment').map(a => (a.type === 'argument' ? a.namedChildren[a.namedChildren.length - 1] ?? a : a));
}

function writesThroughCall(w: CallWrites) {
  // every call of a function passes through here when its bindings are indexed: decide from the method
  // or function name before reading arguments
  const calleeOf = (n: Node): Node | null => (w.callee ? n.childForFieldName(w.callee) : n);
  return (n: Node): Binding[] => {
    const callee = calleeOf(n);
    if (!callee) return [];
    const isMember = !!w.member && (!w.callee || callee.type === w.member.type);
    const method = isMember ? callee.childForFieldName(w.member!.name)?.text ?? '' : '';
    if (isMember && w.methods?.has(method)) {
      // the identifier at the root of a chain: sb in sb.append(a).append(b)
      let target: Node | null = callee.childForFieldName(w.member!.receiver);
      while (target && target.type === n.type) {
        const inner = calleeOf(target);
        target = inner && (!w.callee || inner.type === w.member!.type) ? inner.childForFieldName(w.member!.receiver) : null;
      }
      return target && target.type === 'identifier' ? argumentValues(n.childForFieldName(w.args)).map(value => ({ target: target!, value })) : [];
    }
    if (isMember && w.decoders?.has(method)) {
      // json.NewDecoder(r.Body).Decode(&req): req holds what the call read (json.Unmarshal(data, &v): the last)
      const into = argumentValues(n.childForFieldName(w.args)).filter(a => a.type === 'unary_expression' || a.type === 'pointer_expression').map(a => a.childForFieldName('operand') ?? a.childForFieldName('argument'));
      return into.filter((t): t is Node => t?.type === 'identifier').map(target => ({ target, value: n }));
    }
    if (w.functions?.has(callee.text)) {
      const args = argumentValues(n.childForFieldName(w.args));
      let target: Node | null = args[0] ?? null;
      if (target && (target.type === 'pointer_expression' || target.type === 'unary_expression')) target = target.childForFieldName('argument') ?? target.childForFieldName('operand');
      return target && target.type === 'identifier' ? args.slice(1).map(value => ({ target: target!, value })) : [];
    }
    return [];
  };
}

/** C#: a builder's receiver, and `out` arguments, which take the call itself (`Query.TryGetValue("q", out var q)`). */
function csharpWrites(methods: Set<string>) {
  const builder = writesThroughCall({ callee: 'function', args: 'arguments', member: { type: 'member_access_expression', receiver: 'expression', name: 'name' }, methods });
  return (n: Node): Binding[] => {
    const out = builder(n);
    const name = n.childForFieldName('function')?.childForFieldName('name')?.text ?? '';
    // TryParse gives a number, a date or a GUID: nothing of the text it read survives
    const args = n.childForFieldName('arguments');
    if (/^TryParse/.test(name) || !args || !/\bout\b/.test(args.text)) return out;
    for (const a of args.namedChildren) {
      if (a.type !== 'argument' || !a.children.some(c => c.type === 'out')) continue;
      const e = a.namedChildren[a.namedChildren.length - 1];
      const target = e?.type === 'declaration_expression' ? e.childForFieldName('name') : e;
      if (target?.type === 'identifier') out.push({ target, value: n });
    }
    return out;
  };
}

/**
 * Python's `a, b = x, y` pairs targets and values by position; `a, b = pair()` gives each target the whole
 * value (what it holds is some part of it).
 */
function pythonAssignment(n: Node): Binding[] {
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  if (!left || !right) return [];
  if (!['pattern_list', 'tuple_pattern', 'list_pattern'].includes(left.type)) return [{ target: left, value: right }];
  const targets = left.namedChildren;
  const values = ['expression_list', 'tuple', 'list'].includes(right.type) ? right.namedChildren : [];
  return targets.map((target, i) => ({ target, value: values.length === targets.length ? values[i] : right }));
}

/** The names a JavaScript destructuring pattern binds, each with its default value when it has one. */
function destructured(p: Node): { target: Node; fallback?: Node }[] {
  switch (p.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      return [{ target: p }];
    case 'object_pattern':
    case 'array_pattern':
    case 'rest_pattern':
      return p.namedChildren.flatMap(destructured);
    case 'pair_pattern': {
      const value = p.childForFieldName('value');
      return value ? destructured(value) : [];
    }
    case 'object_assignment_pattern':
    case 'assignment_pattern': {
      const left = p.childForFieldName('left');
      const fallback = p.childForFieldName('right') ?? undefined;
      return left ? destructured(left).map(d => ({ ...d, fallback })) : [];
    }
  }
  return [];
}

/** `const { file, name = "x" } = req.params`: each name holds (part of) the value, or its default. */
function jsDeclarator(targetField: string, valueField: string) {
  return (n: Node): Binding[] => {
    const target = n.childForFieldName(targetField);
    const value = n.childForFieldName(valueField);
    if (!target || !value) return [];
    if (target.type === 'identifier' || target.type === 'member_expression' || target.type === 'subscript_expression') return [{ target, value }];
    return destructured(target).flatMap(d => (d.fallback ? [{ target: d.target, value }, { target: d.target, value: d.fallback }] : [{ target: d.target, value }]));
  };
}

/** Named children of a container literal that are values (object pairs give their value). */
function tableValues(pairType: string, valueField: string) {
  return (n: Node): Node[] => n.namedChildren.filter(c => c.type !== 'comment').map(c => (c.type === pairType ? c.childForFieldName(valueField) ?? c : c));
}

/** Branches of a choice: every named child but the condition (a field, or the middle one in Python). */
function branches(n: Node): Node[] {
  const condition = n.childForFieldName('condition');
  if (condition) return n.namedChildren.filter(c => c.id !== condition.id && c.type !== 'comment');
  const kids = n.namedChildren.filter(c => c.type !== 'comment');
  return kids.length === 3 ? [kids[0], kids[2]] : kids;
}

/**
 * A string builder's text is made of what was written into it (see writesThroughCall): `sb.toString()`,
 * `sb.ToString()`, `b.String()` are constant when the builder is, and `new StringBuilder("…")` when its
 * arguments are.
 */
function builderText(o: { call: string; callee: string; args: string; member: string; receiver: string; name: string; toText: string; creation?: string; builders?: Set<string> }) {
  return (n: Node): Node[] | null => {
    if (o.creation && n.type === o.creation && o.builders?.has(n.childForFieldName('type')?.text ?? '')) return argumentValues(n.childForFieldName('arguments'));
    if (n.type !== o.call || argumentValues(n.childForFieldName(o.args)).length) return null;
    const callee = o.callee ? n.childForFieldName(o.callee) : n;
    if (!callee || (o.callee && callee.type !== o.member) || callee.childForFieldName(o.name)?.text !== o.toText) return null;
    const receiver = callee.childForFieldName(o.receiver);
    return receiver ? [receiver] : null;
  };
}

function either(...fs: ((n: Node) => Node[] | null)[]) {
  return (n: Node): Node[] | null => {
    for (const f of fs) {
      const parts = f(n);
      if (parts) return parts;
    }
    return null;
  };
}

/** A parameter declaring its `name` field(s), decorated by every other named child (default values aside). */
function declaredParameter(defaultField?: string) {
  return (n: Node): { names: Node[]; decoration: string } => {
    const names = n.childrenForFieldName('name');
    const fallback = defaultField ? n.childForFieldName(defaultField) : null;
    const decoration = n.namedChildren.filter(c => !names.some(x => x.id === c.id) && c.id !== fallback?.id).map(c => c.text).join(' ');
    return { names, decoration };
  };
}

/** C#'s variable_declarator has the initializer as an unnamed-field child after the name. */
function csharpDeclarator(n: Node): Binding[] {
  const target = n.childForFieldName('name');
  if (!target) return [];
  const rest = n.namedChildren.filter(c => c.id !== target.id && c.type !== 'bracketed_argument_list');
  const value = rest[rest.length - 1];
  return value ? [{ target, value }] : [];
}

const JS_LIKE: Dialect = {
  strings: new Set(['string', 'template_string']),
  interpolations: ['template_substitution'],
  literals: new Set(['number', 'true', 'false', 'null', 'undefined', 'regex']),
  combinators: new Set(['binary_expression']),
  wrappers: new Set(['parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion']),
  identifiers: new Set(['identifier']),
  memberAccess: { member_expression: 'property' },
  scopes: new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']),
  statements: new Set([
    'expression_statement', 'lexical_declaration', 'variable_declaration', 'return_statement', 'if_statement', 'for_statement',
    'for_in_statement', 'while_statement', 'do_statement', 'try_statement', 'switch_statement', 'throw_statement',
    'function_declaration', 'class_declaration', 'export_statement', 'import_statement', 'method_definition',
    'public_field_definition', 'field_definition', 'interface_declaration', 'type_alias_declaration',
  ]),
  bindings: {
    variable_declarator: jsDeclarator('name', 'value'),
    assignment_expression: jsDeclarator('left', 'right'),
    augmented_assignment_expression: field('left', 'right'),
    call_expression: writesThroughCall({ callee: 'function', args: 'arguments', member: { type: 'member_expression', receiver: 'object', name: 'property' }, methods: new Set(['push', 'unshift']) }),
  },
  destructuredNames: new Set(['shorthand_property_identifier_pattern']),
  choices: { ternary_expression: branches },
  tables: { object: tableValues('pair', 'value'), array: tableValues('', '') },
  lookups: { subscript_expression: 'object' },
  keyedValues: { pair: ['key', 'value'] },
  returns: new Set(['return_statement']),
  calls: new Set(['call_expression', 'new_expression']),
  formatParts: formatterCall('call_expression', 'function', 'arguments', new Set(['util.format', 'String.raw'])),
};

const JSON_DATA: Dialect = {
  strings: new Set(['string']),
  interpolations: [],
  literals: new Set(['number', 'true', 'false', 'null']),
  combinators: new Set(),
  wrappers: new Set(),
  identifiers: new Set(),
  memberAccess: {},
  scopes: new Set(),
  statements: new Set(['pair']),
  bindings: {},
  keyedValues: { pair: ['key', 'value'] },
  returns: new Set(),
  calls: new Set(),
  formatParts: () => null,
};

/**
 * C's `const char *cmd = "ls"` and C++'s `T &x = y` bind `cmd` and `x` through pointer and reference
 * declarators. Arrays are left out on purpose: `char cmd[64] = "ls "` is usually filled further by
 * strcat or snprintf, writes through an out-parameter that are not followed, so it is not a constant.
 */
function cDeclarator(targetField: string, valueField: string) {
  return (n: Node): Binding[] => {
    let target = n.childForFieldName(targetField);
    while (target && (target.type === 'pointer_declarator' || target.type === 'reference_declarator')) {
      target = target.childForFieldName('declarator') ?? target.namedChildren[target.namedChildren.length - 1] ?? null;
    }
    const value = n.childForFieldName(valueField);
    return target && value && target.type === 'identifier' ? [{ target, value }] : [];
  };
}

/** C and C++ share their expression and statement vocabulary; C++ adds to it below. */
const C_LIKE: Dialect = {
  strings: new Set(['string_literal', 'concatenated_string', 'char_literal']),
  interpolations: [],
  literals: new Set(['number_literal', 'true', 'false', 'null']),
  combinators: new Set(['binary_expression', 'concatenated_string']),
  wrappers: new Set(['parenthesized_expression']),
  identifiers: new Set(['identifier']),
  memberAccess: { field_expression: 'field' },
  scopes: new Set(['function_definition']),
  statements: new Set([
    'expression_statement', 'declaration', 'return_statement', 'if_statement', 'for_statement', 'while_statement',
    'do_statement', 'switch_statement', 'function_definition',
  ]),
  bindings: {
    init_declarator: cDeclarator('declarator', 'value'),
    assignment_expression: field('left', 'right'),
    call_expression: writesThroughCall({
      callee: 'function', args: 'arguments',
      functions: new Set(['strcpy', 'strncpy', 'strcat', 'strncat', 'stpcpy', 'strlcpy', 'strlcat', 'sprintf', 'snprintf', 'vsprintf', 'vsnprintf', 'wcscpy', 'wcsncpy', 'wcscat', 'wcsncat', 'swprintf', 'memcpy', 'memmove']),
      // C++: std::string q; q.append(x)
      member: { type: 'field_expression', receiver: 'argument', name: 'field' },
      methods: new Set(['append', 'insert', 'push_back']),
    }),
  },
  choices: { conditional_expression: branches },
  keyedValues: {},
  returns: new Set(['return_statement']),
  calls: new Set(['call_expression']),
  // sprintf writes into a buffer: its result is not the formatted string, so it is not followed.
  formatParts: () => null,
};

/** Config formats: data, not code. Values are not followed; statements are the key/value entries. */
function configDialect(strings: string[], literals: string[], statements: string[], keyedValues: Record<string, [string, string]> = {}): Dialect {
  return {
    strings: new Set(strings),
    interpolations: [],
    literals: new Set(literals),
    combinators: new Set(),
    wrappers: new Set(),
    identifiers: new Set(),
    memberAccess: {},
    scopes: new Set(),
    statements: new Set(statements),
    bindings: {},
    keyedValues,
    returns: new Set(),
    calls: new Set(),
    formatParts: () => null,
  };
}

export const DIALECTS: Record<TreeLanguageId, Dialect> = {
  json: JSON_DATA,
  javascript: JS_LIKE,
  typescript: JS_LIKE,
  tsx: JS_LIKE,
  python: {
    strings: new Set(['string']),
    interpolations: ['interpolation'],
    literals: new Set(['integer', 'float', 'true', 'false', 'none']),
    combinators: new Set(['binary_operator', 'concatenated_string', 'tuple', 'list']),
    wrappers: new Set(['parenthesized_expression']),
    identifiers: new Set(['identifier']),
    memberAccess: { attribute: 'attribute' },
    scopes: new Set(['function_definition', 'lambda']),
    statements: new Set([
      'expression_statement', 'return_statement', 'if_statement', 'for_statement', 'while_statement', 'try_statement',
      'with_statement', 'function_definition', 'class_definition', 'decorated_definition', 'assert_statement',
      'raise_statement', 'import_statement', 'import_from_statement', 'match_statement', 'delete_statement',
    ]),
    bindings: {
      assignment: pythonAssignment,
      augmented_assignment: field('left', 'right'),
      call: writesThroughCall({ callee: 'function', args: 'arguments', member: { type: 'attribute', receiver: 'object', name: 'attribute' }, methods: new Set(['append', 'extend', 'insert', 'write']) }),
    },
    parameters: {
      identifier: (n: Node) => ({ names: [n], decoration: '' }),
      typed_parameter: (n: Node) => ({ names: n.namedChildren.filter(c => c.type === 'identifier').slice(0, 1), decoration: n.childForFieldName('type')?.text ?? '' }),
      default_parameter: declaredParameter('value'),
      typed_default_parameter: declaredParameter('value'),
    },
    choices: { conditional_expression: branches },
    tables: { dictionary: tableValues('pair', 'value') },
    lookups: { subscript: 'value' },
    keyedValues: { pair: ['key', 'value'], keyword_argument: ['name', 'value'] },
    returns: new Set(['return_statement']),
    calls: new Set(['call']),
    formatParts: formatterCall('call', 'function', 'arguments', new Set(), true),
  },
  java: {
    strings: new Set(['string_literal', 'text_block']),
    interpolations: [],
    literals: new Set(['decimal_integer_literal', 'hex_integer_literal', 'octal_integer_literal', 'binary_integer_literal',
      'decimal_floating_point_literal', 'hex_floating_point_literal', 'true', 'false', 'null_literal', 'character_literal']),
    combinators: new Set(['binary_expression']),
    wrappers: new Set(['parenthesized_expression', 'cast_expression']),
    identifiers: new Set(['identifier']),
    memberAccess: { field_access: 'field' },
    scopes: new Set(['method_declaration', 'constructor_declaration', 'lambda_expression']),
    statements: new Set([
      'expression_statement', 'local_variable_declaration', 'return_statement', 'if_statement', 'for_statement',
      'enhanced_for_statement', 'while_statement', 'do_statement', 'try_statement', 'try_with_resources_statement',
      'switch_expression', 'throw_statement', 'method_declaration', 'constructor_declaration', 'field_declaration',
      'class_declaration', 'interface_declaration', 'import_declaration',
    ]),
    bindings: {
      variable_declarator: field('name', 'value'),
      assignment_expression: field('left', 'right'),
      method_invocation: writesThroughCall({ callee: '', args: 'arguments', member: { type: 'method_invocation', receiver: 'object', name: 'name' }, methods: new Set(['append', 'insert']) }),
    },
    parameters: { formal_parameter: declaredParameter() },
    choices: { ternary_expression: branches },
    keyedValues: {},
    returns: new Set(['return_statement']),
    calls: new Set(['method_invocation', 'object_creation_expression']),
    formatParts: either(
      builderText({ call: 'method_invocation', callee: '', args: 'arguments', member: '', receiver: 'object', name: 'name', toText: 'toString', creation: 'object_creation_expression', builders: new Set(['StringBuilder', 'StringBuffer']) }),
      formatterCall('method_invocation', 'name', 'arguments', new Set(['format'])),
    ),
  },
  csharp: {
    strings: new Set(['string_literal', 'verbatim_string_literal', 'raw_string_literal', 'interpolated_string_expression']),
    interpolations: ['interpolation'],
    literals: new Set(['integer_literal', 'real_literal', 'boolean_literal', 'null_literal', 'character_literal']),
    combinators: new Set(['binary_expression']),
    wrappers: new Set(['parenthesized_expression', 'cast_expression']),
    identifiers: new Set(['identifier']),
    memberAccess: { member_access_expression: 'name' },
    scopes: new Set(['method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression']),
    statements: new Set([
      'expression_statement', 'local_declaration_statement', 'return_statement', 'if_statement', 'for_statement',
      'foreach_statement', 'while_statement', 'do_statement', 'try_statement', 'using_statement', 'switch_statement',
      'throw_statement', 'method_declaration', 'constructor_declaration', 'field_declaration', 'property_declaration',
      'class_declaration', 'using_directive', 'global_statement',
    ]),
    bindings: {
      variable_declarator: csharpDeclarator,
      assignment_expression: field('left', 'right'),
      invocation_expression: csharpWrites(new Set(['Append', 'AppendLine', 'AppendFormat', 'Insert', 'Write', 'WriteLine'])),
    },
    parameters: { parameter: declaredParameter() },
    choices: { conditional_expression: branches },
    keyedValues: {},
    returns: new Set(['return_statement']),
    calls: new Set(['invocation_expression', 'object_creation_expression']),
    formatParts: either(
      builderText({ call: 'invocation_expression', callee: 'function', args: 'arguments', member: 'member_access_expression', receiver: 'expression', name: 'name', toText: 'ToString', creation: 'object_creation_expression', builders: new Set(['StringBuilder']) }),
      formatterCall('invocation_expression', 'function', 'arguments', new Set(['string.Format', 'String.Format'])),
    ),
  },
  go: {
    strings: new Set(['interpreted_string_literal', 'raw_string_literal']),
    interpolations: [],
    literals: new Set(['int_literal', 'float_literal', 'imaginary_literal', 'rune_literal', 'true', 'false', 'nil', 'iota']),
    combinators: new Set(['binary_expression']),
    wrappers: new Set(['parenthesized_expression']),
    identifiers: new Set(['identifier']),
    memberAccess: { selector_expression: 'field' },
    scopes: new Set(['function_declaration', 'method_declaration', 'func_literal']),
    statements: new Set([
      'expression_statement', 'short_var_declaration', 'assignment_statement', 'var_declaration', 'const_declaration',
      'return_statement', 'if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement',
      'go_statement', 'defer_statement', 'function_declaration', 'method_declaration', 'type_declaration', 'import_declaration',
    ]),
    bindings: {
      short_var_declaration: goLists('left', 'right'),
      assignment_statement: goLists('left', 'right'),
      var_spec: goLists('name', 'value'),
      const_spec: goLists('name', 'value'),
      call_expression: writesThroughCall({
        callee: 'function', args: 'arguments',
        member: { type: 'selector_expression', receiver: 'operand', name: 'field' },
        methods: new Set(['WriteString', 'WriteByte', 'WriteRune', 'Write']),
        functions: new Set(['fmt.Fprintf', 'fmt.Fprint', 'fmt.Fprintln']),
        decoders: new Set(['Decode', 'Unmarshal', 'ShouldBind', 'ShouldBindJSON', 'ShouldBindQuery', 'ShouldBindUri', 'ShouldBindWith', 'Bind', 'BindJSON', 'BindQuery', 'BindUri']),
      }),
    },
    parameters: { parameter_declaration: declaredParameter() },
    keyedValues: { keyed_element: ['key', 'value'] },
    returns: new Set(['return_statement']),
    calls: new Set(['call_expression']),
    formatParts: either(
      builderText({ call: 'call_expression', callee: 'function', args: 'arguments', member: 'selector_expression', receiver: 'operand', name: 'field', toText: 'String' }),
      formatterCall('call_expression', 'function', 'arguments', new Set(['fmt.Sprintf', 'fmt.Sprint', 'strings.Join'])),
    ),
  },
  php: {
    strings: new Set(['string', 'encapsed_string', 'heredoc', 'nowdoc']),
    interpolations: ['variable_name', 'subscript_expression', 'member_access_expression', 'member_call_expression', 'dynamic_variable_name', 'function_call_expression'],
    interpolationIsExpression: true,
    upperConstants: new Set(['name', 'class_constant_access_expression']),
    isolatedScopes: new Set(['function_definition', 'method_declaration']),
    literals: new Set(['integer', 'float', 'boolean', 'null']),
    combinators: new Set(['binary_expression']),
    wrappers: new Set(['parenthesized_expression']),
    identifiers: new Set(['variable_name']),
    memberAccess: { member_access_expression: 'name', class_constant_access_expression: 'name' },
    scopes: new Set(['function_definition', 'method_declaration', 'anonymous_function', 'arrow_function']),
    statements: new Set([
      'expression_statement', 'return_statement', 'echo_statement', 'if_statement', 'foreach_statement', 'for_statement',
      'while_statement', 'do_statement', 'switch_statement', 'try_statement', 'function_definition', 'method_declaration',
      'class_declaration', 'namespace_use_declaration', 'const_declaration', 'property_declaration',
    ]),
    bindings: {
      assignment_expression: field('left', 'right'),
      augmented_assignment_expression: field('left', 'right'),
    },
    keyedValues: {},
    returns: new Set(['return_statement']),
    calls: new Set(['function_call_expression', 'member_call_expression', 'scoped_call_expression', 'nullsafe_member_call_expression', 'object_creation_expression']),
    formatParts: formatterCall('function_call_expression', 'function', 'arguments', new Set(['sprintf', 'vsprintf', 'implode', 'join'])),
  },
  ruby: {
    strings: new Set(['string', 'heredoc_body', 'string_array']),
    interpolations: ['interpolation'],
    literals: new Set(['integer', 'float', 'rational', 'true', 'false', 'nil', 'simple_symbol']),
    combinators: new Set(['binary']),
    wrappers: new Set(['parenthesized_statements']),
    identifiers: new Set(['identifier', 'constant', 'instance_variable']),
    memberAccess: { scope_resolution: 'name' },
    scopes: new Set(['method', 'singleton_method', 'lambda']),
    statements: new Set([
      'assignment', 'operator_assignment', 'call', 'if', 'unless', 'while', 'until', 'for', 'case', 'begin', 'return',
      'method', 'singleton_method', 'class', 'module', 'if_modifier', 'unless_modifier',
    ]),
    bindings: {
      assignment: field('left', 'right'),
      operator_assignment: field('left', 'right'),
      // query << " AND name = '#{name}'" appends to the string in place
      binary: (n: Node): Binding[] => {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        return left?.type === 'identifier' && right && n.childForFieldName('operator')?.type === '<<' ? [{ target: left, value: right }] : [];
      },
    },
    keyedValues: { pair: ['key', 'value'] },
    returns: new Set(['return']),
    calls: new Set(['call']),
    formatParts: formatterCall('call', 'method', 'arguments', new Set(['format', 'sprintf'])),
  },
  c: C_LIKE,
  cpp: {
    ...C_LIKE,
    strings: new Set([...C_LIKE.strings, 'raw_string_literal']),
    scopes: new Set([...C_LIKE.scopes, 'lambda_expression']),
    statements: new Set([...C_LIKE.statements, 'class_specifier', 'namespace_definition', 'for_range_loop', 'try_statement']),
  },
  yaml: configDialect(['double_quote_scalar', 'single_quote_scalar', 'plain_scalar', 'block_scalar'], ['integer_scalar', 'float_scalar', 'boolean_scalar', 'null_scalar'], ['block_mapping_pair', 'flow_pair', 'block_sequence_item'], { block_mapping_pair: ['key', 'value'], flow_pair: ['key', 'value'] }),
  hcl: configDialect(['string_lit', 'heredoc_template'], ['numeric_lit', 'bool_lit', 'null_lit'], ['attribute', 'block']),
  toml: configDialect(['string'], ['integer', 'float', 'boolean', 'local_date', 'local_date_time', 'offset_date_time'], ['pair', 'table', 'table_array_element']),
};
