import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './cli.ts';

const fixture = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const ncic = fixture('ncic-fixed-width.txt');

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    kafka: () => {
      throw new Error('a unit test must not reach Kafka');
    },
  };
  return { sink, out, err };
}

describe('hotlist cli > dry run', () => {
  it('hotlist cli > ncic dry run > prints counts and the skipped header, exits 0', async () => {
    const t = io();
    const argv = ['load', '--format', 'ncic', '--list', 'ncic-state', '--file', ncic, '--dry-run'];
    const code = await runCli(argv, t.sink);
    expect(code).toBe(0);
    expect(t.out[0]).toMatch(/5 accepted, 0 rejected, 1 skipped/);
    expect(t.out).toContain('  skipped line 1: header or trailer record');
    expect(t.out.at(-1)).toMatch(/dry run/);
  });

  it('hotlist cli > --as-of after an expiry > that row reported skipped', async () => {
    const t = io();
    const file = fixture('genetec-hotlist.txt');
    const args = ['load', '--format', 'genetec', '--list', 'g', '--file', file, '--dry-run'];
    const code = await runCli([...args, '--as-of', '2024-06-10T00:00:00Z'], t.sink);
    expect(code).toBe(0);
    expect(t.out[0]).toMatch(/3 accepted, 0 rejected, 1 skipped/);
    expect(t.out).toContain('  skipped line 2: expired');
  });

  it('hotlist cli > rejected rows > line, code and reason printed, no plate', async () => {
    const t = io();
    const file = fixture('genetec-wildcard-hotlist.txt');
    const args = ['load', '--format', 'genetec', '--list', 'g', '--file', file, '--dry-run'];
    expect(await runCli(args, t.sink)).toBe(0);
    expect(t.out.filter((l) => l.includes('rejected line'))).toHaveLength(2);
    expect(t.out.join('\n')).toMatch(/rejected line 1: HOTLIST_PLATE_INVALID/);
    expect(t.out.join('\n')).not.toMatch(/S\*K3\*7|RB40/);
  });
});

describe('hotlist cli > refusals', () => {
  const base = ['--list', 'x', '--file', ncic];
  const usage: [string, string[]][] = [
    ['no command', []],
    ['unknown command', ['publish', ...base]],
    ['unknown format', ['load', '--format', 'xml', ...base]],
    ['missing --list', ['load', '--format', 'ncic', '--file', ncic]],
    ['missing --file', ['load', '--format', 'ncic', '--list', 'x']],
    ['bad --mode', ['load', '--format', 'ncic', ...base, '--mode', 'merge']],
    ['bad --as-of', ['load', '--format', 'ncic', ...base, '--as-of', 'soon']],
    ['unknown option', ['load', '--format', 'ncic', ...base, '--force']],
  ];
  it.each(usage)('hotlist cli > %s > usage printed, exit 2', async (_name, argv) => {
    const t = io();
    expect(await runCli(argv, t.sink)).toBe(2);
    expect(t.err.join('\n')).toMatch(/usage: tsx hotlists\/cli\.ts load/);
  });

  it('hotlist cli > missing file > exit 1', async () => {
    const t = io();
    const argv = ['load', '--format', 'ncic', '--list', 'x', '--file', '/nonexistent/list.txt'];
    expect(await runCli(argv, t.sink)).toBe(1);
    expect(t.err).toHaveLength(1);
  });

  it('hotlist cli > unknown ALPR_ setting > exit 1 naming CONFIG_INVALID', async () => {
    const t = io({ ALPR_KAFKA_BROKER: '127.0.0.1:9092' });
    const argv = ['load', '--format', 'ncic', '--list', 'x', '--file', ncic, '--dry-run'];
    expect(await runCli(argv, t.sink)).toBe(1);
    expect(t.err[0]).toMatch(/^CONFIG_INVALID/);
  });

  it('hotlist cli > snapshot with no accepted row > refused before any publish', async () => {
    const t = io();
    const file = fixture('genetec-wildcard-hotlist.txt');
    const argv = ['load', '--format', 'genetec', '--list', 'g', '--file', file];
    expect(await runCli(argv, t.sink)).toBe(1);
    expect(t.err.join('\n')).toMatch(/--allow-empty/);
  });

  // 2 rows of 4 rejected (a wildcard and a date that does not exist): 50%.
  const mixed = join(mkdtempSync(join(tmpdir(), 'alpr-hotlist-cli-')), 'mixed.txt');
  writeFileSync(
    mixed,
    [
      'Stolen;OH;KTR4821;2024-05-17;2030-08-15',
      'Stolen;IL;BNE0452;2024-05-20;2030-11-20',
      'Wanted;IL;S*K3*7;2024-06-01;2030-07-01',
      'Stolen;IN;Q7X2209;2026-13-45;2030-06-08',
    ].join('\n'),
  );
  const halfRejected = ['load', '--format', 'genetec', '--list', 'g', '--file', mixed];

  it('hotlist cli > snapshot with half its rows rejected > refused before any publish', async () => {
    const t = io();
    expect(await runCli(halfRejected, t.sink)).toBe(1);
    expect(t.err.join('\n')).toMatch(/2 of 4 data rows rejected \(50\.0%, over --max-rejected 5\)/);
  });

  it('hotlist cli > --max-rejected 50 > the same snapshot goes on to publish', async () => {
    const t = io();
    // Past the check, the load reaches for the broker, which a unit test refuses.
    expect(await runCli([...halfRejected, '--max-rejected', '50'], t.sink)).toBe(1);
    expect(t.err.join('\n')).toMatch(/must not reach Kafka/);
  });

  it('hotlist cli > --max-rejected not a percentage > usage, exit 2', async () => {
    for (const bad of ['-1', '101', 'ten', '']) {
      const t = io();
      expect(await runCli([...halfRejected, '--max-rejected', bad], t.sink)).toBe(2);
      expect(t.err[0]).toMatch(/--max-rejected/);
    }
  });
});
