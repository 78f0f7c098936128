/**
 * The tables as Kysely sees them. Columns are snake_case in SQL and here, so bulk paths need no
 * name-mapping plugin. Timestamps are ISO-8601 UTC text; JSON columns hold arrays as text; both
 * choices read the same on SQLite and PostgreSQL.
 */
import type { Generated } from 'kysely';

export interface EntProjectTable {
  id: string;
  name: string;
  created_at: string;
}

interface Tracked {
  record_hash: string;
  departed_at: string | null;
  updated_at: string;
}
interface Scoped {
  ent_id: string;
  degree: string;
}

export interface EstablishmentTable extends Tracked, Scoped {
  uai: string;
  name: string;
  attached_to: string | null;
  contract: string | null;
  phone: string | null;
  email: string | null;
  created_at: string;
}
export interface MefTable extends Tracked, Scoped {
  uai: string;
  code: string;
  label: string;
  attached_to: string | null;
  stat11: string | null;
}
export interface SubjectTable extends Tracked, Scoped {
  uai: string;
  code: string;
  label: string;
}
export interface PersonTable extends Tracked, Scoped {
  person_id: string;
  kind: string;
  secondary_id: string | null;
  birth_name: string | null;
  last_name: string;
  first_name: string;
  other_first_names: string;
  civility: string | null;
  structure_attachment: string | null;
  birth_date: string | null;
  establishments: string;
  post_codes: string;
  mails: string;
  created_at: string;
}
export interface PersonProfileTable extends Scoped {
  person_id: string;
  uai: string;
  profile: string;
}
export interface PersonLevelTable extends Scoped {
  uai: string;
  person_id: string;
  level_kind: string;
  code: string;
}
export interface PupilSubjectTable extends Scoped {
  uai: string;
  person_id: string;
  subject_code: string;
}
export interface StudentGroupTable extends Tracked, Scoped {
  uai: string;
  code: string;
  label: string;
  status: string;
  divisions: string;
}
export interface MembershipTable extends Scoped {
  uai: string;
  person_id: string;
  group_code: string;
}
export interface TeachingTable extends Scoped {
  uai: string;
  person_id: string;
  group_code: string;
  via: string;
  subject_code: string;
}
export interface ManagerTable extends Tracked, Scoped {
  person_id: string;
  last_name: string;
  first_name: string;
  civility: string | null;
  mails: string;
  establishments: string;
}
export interface ManagerEstablishmentTable extends Scoped {
  person_id: string;
  uai: string;
}
export interface FeedImportTable {
  id: Generated<number>;
  ent_id: string;
  degree: string | null;
  source: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  summary: string | null;
}

export interface PublisherTable {
  id: string;
  name: string;
  created_at: string;
}
export interface DistributorTable {
  id: string;
  name: string;
  created_at: string;
}
export interface ResourceTable {
  id: string;
  id_type: string;
  name: string;
  publisher_id: string;
  commercial_distributor_id: string;
  technical_distributor_id: string;
  access_url: string;
  thumbnail_url: string | null;
  presentation_code: string | null;
  details: string;
  created_at: string;
  updated_at: string;
  service_provider_id: string | null;
}
export interface ContractTable {
  resource_id: string;
  version: number;
  document: string;
  status: string;
  submitted_at: string;
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
}
export interface SubscriptionTable {
  distributor_id: string;
  id: string;
  commercial_distributor_id: string;
  resource_id: string;
  resource_id_type: string;
  resource_label: string;
  uai: string;
  comment: string | null;
  /** Local date-times `YYYY-MM-DDThh:mm:ss`; valid_until is the effective end. */
  valid_from: string;
  valid_until: string;
  end_school_year: string | null;
  category: string;
  assignment_type: string;
  /** Licence counts: null when not given, -1 for ILLIMITE. */
  licences_global: number | null;
  licences_pupil: number | null;
  licences_teacher: number | null;
  licences_librarian: number | null;
  licences_other: number | null;
  /** Licences held now, per count (the CHECK constraints keep each within its count). */
  used_global: Generated<number>;
  used_pupil: Generated<number>;
  used_teacher: Generated<number>;
  used_librarian: Generated<number>;
  used_other: Generated<number>;
  audiences: string;
  project_code: string | null;
  created_at: string;
  updated_at: string;
}
export interface AssignmentTable {
  id: Generated<number>;
  distributor_id: string;
  subscription_id: string;
  uai: string;
  target_kind: string;
  target_code: string | null;
  target_ent_id: string | null;
  target_person_id: string | null;
  audience: string;
  target_key: string;
  created_by: string;
  created_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
}
export interface LicenceTable {
  id: Generated<number>;
  distributor_id: string;
  subscription_id: string;
  ent_id: string;
  person_id: string;
  bucket: string;
  audience: string;
  assignment_id: number | null;
  granted_at: string;
  released_at: string | null;
  release_reason: string | null;
}
export interface PartnerCertificateTable {
  fingerprint: string;
  partner_kind: string;
  partner_id: string;
  origin: string;
  subject: string;
  serial: string;
  not_before: string;
  not_after: string;
  created_at: string;
  revoked_at: string | null;
}
export interface AssignmentReportTable {
  id: Generated<number>;
  distributor_id: string;
  name: string;
  created_at: string;
  status: string;
  size: number;
  content: string;
}
export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
  before_state: string | null;
  after_state: string | null;
  correlation_id: string | null;
}

export interface LoginTransactionTable {
  id: string;
  upstream_request_id: string;
  browser_binding: string;
  ent_id: string;
  downstream: string | null;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
  upstream_secret: string | null;
  reconfirm_session: string | null;
}
export interface ReplayEntryTable {
  key: string;
  expires_at: string;
}
export interface BrokerSessionTable {
  id_hash: string;
  ent_id: string;
  person_id: string;
  uai: string | null;
  created_at: string;
  expires_at: string;
  idle_expires_at: string;
  idle_timeout_ms: number;
  revoked_at: string | null;
  ent_session_index: string | null;
  ent_name_id: string | null;
  ent_name_id_format: string | null;
  ent_sid: string | null;
  confirmed_at: string | null;
}
export interface SessionParticipantTable {
  session_hash: string;
  kind: string;
  partner_id: string;
  session_ref: string;
  subject: string;
  subject_format: string | null;
  created_at: string;
  keep_until: string;
}
export interface LogoutRunTable {
  id_hash: string;
  participants: string;
  continuation: string;
  created_at: string;
  expires_at: string;
  finished_at: string | null;
}
export interface SamlPartnerTable {
  entity_id: string;
  role: string;
  ent_id: string | null;
  distributor_id: string | null;
  source: string;
  metadata_xml: string;
  signer_certificate: string | null;
  valid_until: string | null;
  loaded_at: string;
  refresh_after: string | null;
}
export interface OperatorAccountTable {
  login: string;
  password_hash: string;
  totp_secret: string | null;
  failed_logins: Generated<number>;
  last_totp_step: number | null;
  locked_until: string | null;
  created_at: string;
  disabled_at: string | null;
}
export interface ConsoleSessionTable {
  id_hash: string;
  kind: string;
  operator_login: string | null;
  ent_id: string | null;
  person_id: string | null;
  created_at: string;
  expires_at: string;
  idle_expires_at: string;
}

export interface DatabaseSchema {
  ent_project: EntProjectTable;
  establishment: EstablishmentTable;
  mef: MefTable;
  subject: SubjectTable;
  person: PersonTable;
  person_profile: PersonProfileTable;
  person_level: PersonLevelTable;
  pupil_subject: PupilSubjectTable;
  student_group: StudentGroupTable;
  membership: MembershipTable;
  teaching: TeachingTable;
  manager: ManagerTable;
  manager_establishment: ManagerEstablishmentTable;
  feed_import: FeedImportTable;
  publisher: PublisherTable;
  distributor: DistributorTable;
  resource: ResourceTable;
  contract: ContractTable;
  subscription: SubscriptionTable;
  assignment: AssignmentTable;
  licence: LicenceTable;
  audit_event: AuditEventTable;
  partner_certificate: PartnerCertificateTable;
  assignment_report: AssignmentReportTable;
  login_transaction: LoginTransactionTable;
  replay_entry: ReplayEntryTable;
  broker_session: BrokerSessionTable;
  saml_partner: SamlPartnerTable;
  operator_account: OperatorAccountTable;
  console_session: ConsoleSessionTable;
  oidc_ent_provider: OidcEntProviderTable;
  oidc_client: OidcClientTable;
  oidc_payload: OidcPayloadTable;
  cas_service: CasServiceTable;
  cas_ticket: CasTicketTable;
  session_participant: SessionParticipantTable;
  logout_run: LogoutRunTable;
}
export interface OidcEntProviderTable {
  ent_id: string;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  token_auth_method: string;
  scope: string;
  user_id_claim: string;
  use_userinfo: number;
  allowed_algs: string | null;
  created_at: string;
  updated_at: string;
}
export interface OidcClientTable {
  client_id: string;
  distributor_id: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}
export interface OidcPayloadTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: string | null;
  consumed_at: string | null;
}
export interface CasServiceTable {
  service_url: string;
  id_ressource: string;
  logout_url: string | null;
  created_at: string;
}
export interface CasTicketTable {
  ticket: string;
  service_url: string;
  session_hash: string;
  ent_id: string;
  person_id: string;
  uai: string;
  id_ressource: string;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
  keep_until: string;
  from_new_login: number;
}
