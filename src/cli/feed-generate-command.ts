import { fail } from '../core/fail.js';
import { generateDelivery } from '../directory/index.js';
import { parseCommandArgs, requireInteger, type CliIo } from './cli-context.js';
import { createProgressBar } from './progress-bar.js';
import { definedFields } from '../core/defined-fields.js';

export async function feedGenerateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, [
    'ent',
    'establishments',
    'pupils',
    'teachers',
    'seed',
    'out',
    'degree',
    'prefix',
  ]);
  if (values.ent === undefined || values.seed === undefined || values.out === undefined) {
    throw fail(
      'ERR_CLI_USAGE',
      'Usage : gar-broker feed generate --ent <idENT> --establishments N --pupils N --seed S --out DOSSIER',
    );
  }
  if (!/^[A-Za-z0-9]{1,16}$/.test(values.ent))
    throw fail('ERR_CLI_USAGE', '--ent : identifiant de projet ENT invalide');
  const degree = values.degree ?? '2D';
  if (degree !== '1D' && degree !== '2D') throw fail('ERR_CLI_USAGE', '--degree attend 1D ou 2D');
  const progress = createProgressBar(io.stderr, 'Génération');
  const result = await generateDelivery(
    {
      entId: values.ent,
      degree,
      establishments: requireInteger(values.establishments, 'establishments', 1),
      pupils: requireInteger(values.pupils, 'pupils', 0),
      ...(values.teachers === undefined ? {} : { teachers: requireInteger(values.teachers, 'teachers', 0) }),
      seed: values.seed,
      outDir: values.out,
      ...definedFields({ namespacePrefix: values.prefix }),
    },
    (records) => progress.update(records),
  );
  progress.done();
  io.stdout.write(`${result.archivePath}\n${result.md5Path}\n`);
  io.stdout.write(`${JSON.stringify({ files: result.files.length, counts: result.counts })}\n`);
  return 0;
}
