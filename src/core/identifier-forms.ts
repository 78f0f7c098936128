/**
 * The forms of the identifiers that arrive in URLs (médiacentre links, web-service paths), checked
 * before any lookup. One definition, so that a link the médiacentre writes is one `/domaineGar` reads.
 */

/** An ENT project's `idENT`: a short code such as `B0` or `Z0`. */
export const entIdPattern = /^[A-Za-z0-9]{1,16}$/;

/**
 * A UAI: real ones are 7 digits and a letter (`0561534N`); test establishments carry suffixes
 * (`0650499P-ET6`, gar-reference §1: up to 45 characters).
 */
export const uaiPattern = /^[A-Za-z0-9._-]{1,45}$/;
