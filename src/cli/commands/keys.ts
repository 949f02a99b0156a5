import { parseArgs } from 'node:util';
import type { KeyInfo } from '../../auth/key-schema.js';
import { KeyStore } from '../../auth/key-store.js';
import { migrateLegacyKeyFile } from '../../auth/legacy-key-file.js';
import { Role } from '../../auth/roles.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { openStore } from '../../store/open-store.js';
import type { CliCommand, CliIo } from '../command.js';
import { CliError, EXIT, type ExitCode, usageError } from '../exit-codes.js';
import { keysPath, LOCAL_USAGE, localOptions } from '../local-data.js';
import { renderTable } from '../table.js';
import { configuredStore } from './open-local-ledger.js';

const usage = `ledger keys: manage API keys in the configured store

Usage:
  ledger keys create --name <label> --role <viewer|contributor|manager|admin> [--portfolio <name>]...
  ledger keys list [--json]
  ledger keys revoke <keyId>
  ledger keys scope <keyId> --role <role> [--portfolio <name>]...

  --portfolio <name>  for contributors (required, repeatable): a portfolio whose items the key may update
${LOCAL_USAGE}

The token is printed once by \`create\`; the ledger keeps only its hash. Keys are events in the
ledger's own store, so every running server sees a new, changed or revoked key within a second.`;

function printKeys(io: CliIo, keys: KeyInfo[], json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
    return;
  }
  io.stdout.write(
    `${renderTable(
      ['key id', 'name', 'role', 'portfolios', 'created', 'revoked'],
      keys.map((k) => [k.keyId, k.name, k.role, k.portfolios.join(', ') || null, k.createdAt, k.revokedAt]),
    )}\n`,
  );
}

export const keysCommand: CliCommand = {
  name: 'keys',
  summary: 'create, list, revoke or re-scope API keys (in the configured store)',
  usage,
  async run(args, io): Promise<ExitCode> {
    const { values, positionals } = parseArgs({
      args,
      options: {
        ...localOptions,
        name: { type: 'string' },
        role: { type: 'string' },
        portfolio: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, ...rest] = positionals;
    const ledger = openStore(configuredStore(values, io.env));
    try {
      const store = await KeyStore.open(ledger);
      await migrateLegacyKeyFile(store, keysPath(values, io.env));
      switch (action) {
        case 'create': {
          if (values.name === undefined)
            throw usageError('keys create needs --name <label>, e.g. --name "PRG dashboard".');
          const role = Role.safeParse(values.role);
          if (!role.success)
            throw usageError('keys create needs --role viewer, contributor, manager or admin.');
          const created = await store.create(
            { name: values.name, role: role.data, portfolios: values.portfolio ?? [] },
            'cli',
          );
          if (values.json) io.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
          else
            io.stdout.write(
              `Created ${created.key.role} key ${created.key.keyId} (${created.key.name}).\nToken (shown only now, store it safely):\n\n  ${created.token}\n\n`,
            );
          return EXIT.ok;
        }
        case 'list':
          printKeys(io, store.list(), values.json ?? false);
          return EXIT.ok;
        case 'revoke': {
          const [keyId] = rest;
          if (keyId === undefined) throw usageError('keys revoke needs the key id (see `ledger keys list`).');
          const key = await store.revoke(keyId);
          io.stdout.write(`Revoked key ${key.keyId} (${key.name}) at ${key.revokedAt ?? 'now'}.\n`);
          return EXIT.ok;
        }
        case 'scope': {
          const [keyId] = rest;
          if (keyId === undefined) throw usageError('keys scope needs the key id (see `ledger keys list`).');
          const role = Role.safeParse(values.role);
          if (!role.success)
            throw usageError('keys scope needs --role viewer, contributor, manager or admin.');
          const key = await store.changeScope(keyId, { role: role.data, portfolios: values.portfolio ?? [] });
          io.stdout.write(
            `Key ${key.keyId} (${key.name}) is now ${key.role}${key.portfolios.length ? ` for ${key.portfolios.join(', ')}` : ''}.\n`,
          );
          return EXIT.ok;
        }
        default:
          throw usageError(
            `keys needs an action: create, list, revoke or scope. Run \`ledger keys --help\`.`,
          );
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        throw usageError(
          `${error.issues.map((i) => `${i.path === 'portfolios' ? '--portfolio' : i.path}: ${i.message}`).join('; ')}.`,
        );
      }
      if (error instanceof NotFoundError) {
        throw new CliError(
          `There is no key ${error.id}; \`ledger keys list\` shows the keys.`,
          EXIT.notFound,
        );
      }
      throw error;
    } finally {
      await ledger.close();
    }
  },
};
