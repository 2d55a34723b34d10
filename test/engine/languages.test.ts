// Which files Skeptic reads: the server decides by file name, and the client's document selector must
// send it exactly those files — a pattern missing on either side means a file type silently unwatched.
import * as assert from 'assert';
import picomatch from 'picomatch';
import { FILE_PATTERNS } from '../../common/src/protocol';
import { languageForPath } from '../../server/src/engine/languages';

const CONFIG_FILES: [string, string][] = [
  ['app/package.json', 'json'], ['.vscode/settings.json', 'json'],
  ['.github/workflows/ci.yml', 'yaml'], ['k8s/deploy.yaml', 'yaml'], ['docker-compose.yml', 'yaml'],
  ['infra/main.tf', 'hcl'], ['prod.tfvars', 'hcl'], ['pyproject.toml', 'toml'], ['Pipfile', 'toml'],
  ['Dockerfile', 'dockerfile'], ['api/Dockerfile.prod', 'dockerfile'], ['build.dockerfile', 'dockerfile'], ['Containerfile', 'dockerfile'],
  ['requirements.txt', 'requirements'], ['requirements-dev.txt', 'requirements'], ['constraints.txt', 'requirements'], ['requirements/base.txt', 'requirements'], ['requirements.in', 'requirements'],
  ['.env', 'dotenv'], ['.env.local', 'dotenv'], ['config/prod.env', 'dotenv'],
  ['src/Api/Api.csproj', 'msbuild'], ['Directory.Packages.props', 'msbuild'], ['pom.xml', 'maven'],
  ['resources/views/home.blade.php', 'blade'], ['services/api/go.mod', 'gomod'],
];
const NOT_READ = ['package-lock.json', 'pnpm-lock.yaml', 'notes.txt', 'README.md', 'poetry.lock', 'Pipfile.lock', 'settings.xml', 'docs/requirements.md'];

describe('file types', () => {
  const clientSends = picomatch(FILE_PATTERNS, { dot: true });
  for (const [file, language] of CONFIG_FILES) {
    it(`${file} is read as ${language} and sent by the client`, () => {
      assert.strictEqual(languageForPath(file), language);
      assert.ok(clientSends(file), `no client document selector pattern matches ${file}`);
    });
  }
  it('lock files and unrelated files are not read', () => {
    for (const file of NOT_READ) assert.strictEqual(languageForPath(file), undefined, file);
  });
});
