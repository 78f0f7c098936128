/**
 * `release preview`: what a resource would receive if this person opened it now in this
 * establishment (the attribute filter's dry run, gar-reference §3). It runs the real resolve →
 * filter: the person from the directory, the resource's approved contract, `previewRelease`.
 * It does not decide entitlement (subscriptions, licences): it answers "what would be sent", not
 * "may they open it". The text shows personal data: it goes to the terminal, never to the log.
 *
 * `IDO` needs the pseudonym secret, which has no configuration key yet: it is read from
 * `GAR_BROKER_PSEUDONYM_SECRET` (hex, at least 32 bytes). Without it the preview still runs and
 * shows `IDO` (and `IDC`, built from it) as a placeholder, and says so.
 */
import { makePseudonymKey, ido, previewRelease, type PseudonymKey } from '../attribute-filter/index.js';
import { fail } from '../core/fail.js';
import {
  openMigratedStore,
  createContractStore,
  createPersonAttributeSource,
  createResourceStore,
} from '../store/index.js';
import { commandLogger, configFrom, parseCommandArgs, type CliIo } from './cli-context.js';

const usage =
  'Usage : gar-broker release preview --resource <ARK> --ent <idENT> --user <id> --uai <UAI> [--config FICHIER]';

const pseudonymSecretVariable = 'GAR_BROKER_PSEUDONYM_SECRET';

/** Shown in place of `IDO` without the secret; `previewRelease` needs a well-formed one to run. */
const idoPlaceholder = '<pseudonyme calculé à la connexion>';
const standInIdo = '0'.repeat(128);

export async function releasePreviewCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, ['resource', 'ent', 'user', 'uai', 'config']);
  const { resource, ent, user, uai } = values;
  if (positionals.length > 0 || !resource || !ent || !user || !uai) throw fail('ERR_CLI_USAGE', usage);
  // Checked before the store is opened: a bad secret is a setup fault, whatever the person.
  const key = pseudonymKeyFrom(io.env);
  const config = configFrom(io, values.config);
  const store = await openMigratedStore(config, commandLogger(config, io));
  try {
    const found = await createResourceStore(store).findResource(resource);
    if (found === undefined)
      throw fail('ERR_RELEASE_RESOURCE_UNKNOWN', `Ressource inconnue du catalogue : ${resource}.`);
    const person = await createPersonAttributeSource(store).resolvePerson(ent, user, uai);
    if (person === undefined) {
      throw fail(
        'ERR_RELEASE_PERSON_UNKNOWN',
        `Utilisateur ${ent}/${user} inconnu, parti, ou sans profil dans l'établissement ${uai}.`,
      );
    }
    const contract = await createContractStore(store).effectiveContract(resource);
    // gar-reference §3: one pseudonym per technical distributor, so two of them cannot link people.
    const scope = found.distributeurTech.id;
    const idoValue = key === undefined ? standInIdo : ido(key, { entId: ent, entUserId: user, scope });
    const text = previewRelease({
      idRessource: resource,
      resolved: person.attributes,
      contract,
      context: { ido: idoValue, uai, profile: person.profile },
    });
    io.stdout.write(key === undefined ? text.replaceAll(standInIdo, idoPlaceholder) : text);
    io.stdout.write(
      key === undefined
        ? `Note : ${pseudonymSecretVariable} absent, IDO n'est pas calculé ici ; `
            + `à la connexion il l'est pour le distributeur technique ${scope}.\n`
        : `Note : IDO calculé pour le distributeur technique ${scope}.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** The secret as hex text (surrounding blanks ignored); unset or empty: no key, IDO is not computed. */
function pseudonymKeyFrom(env: NodeJS.ProcessEnv): PseudonymKey | undefined {
  const text = env[pseudonymSecretVariable]?.trim() ?? '';
  if (text === '') return undefined;
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) {
    throw fail(
      'ERR_RELEASE_SECRET_INVALID',
      `${pseudonymSecretVariable} doit être du texte hexadécimal (nombre pair de chiffres 0-9, a-f).`,
    );
  }
  return makePseudonymKey(Buffer.from(text, 'hex'));
}
