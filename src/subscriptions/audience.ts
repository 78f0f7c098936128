/**
 * Audiences and the directory profiles they cover (gar-reference §5: ELEVE = National_elv;
 * ENSEIGNANT = National_ens; DOCUMENTALISTE = National_doc; AUTRE PERSONNEL =
 * National_dir|evs|eta|col), and the licence count each audience draws on.
 */
import type { Audience } from './subscription-input.js';

const profileAudience: Readonly<Record<string, Audience>> = {
  National_elv: 'ELEVE',
  National_ens: 'ENSEIGNANT',
  National_doc: 'DOCUMENTALISTE',
  National_dir: 'AUTRE PERSONNEL',
  National_evs: 'AUTRE PERSONNEL',
  National_eta: 'AUTRE PERSONNEL',
  National_col: 'AUTRE PERSONNEL',
};

/** The audience of a directory profile, or undefined for a profile no subscription can target. */
export function audienceOfProfile(profile: string): Audience | undefined {
  return Object.hasOwn(profileAudience, profile) ? profileAudience[profile] : undefined;
}

/** The directory profiles an audience covers. */
export function profilesOfAudience(audience: Audience): readonly string[] {
  return Object.keys(profileAudience).filter((p) => profileAudience[p] === audience);
}

/** The per-audience counts of a subscription, as stored: one bucket per audience, or `global`. */
export type LicenceBucket = 'global' | 'pupil' | 'teacher' | 'librarian' | 'other';

const audienceBucket: Readonly<Record<Audience, Exclude<LicenceBucket, 'global'>>> = {
  ELEVE: 'pupil',
  ENSEIGNANT: 'teacher',
  DOCUMENTALISTE: 'librarian',
  'AUTRE PERSONNEL': 'other',
};

/** The count a licence for this audience uses: the global one, or the audience's own. */
export function bucketOf(audience: Audience, counts: 'global' | 'perAudience'): LicenceBucket {
  return counts === 'global' ? 'global' : audienceBucket[audience];
}
