/**
 * Texts of the operator's views of the OIDC and CAS registrations (ENT projects as OpenID Providers,
 * publishers' OIDC clients, CAS services) and of each ENT project's login protocol. French first:
 * one row per key, French then English.
 */
const rows: readonly (readonly [key: string, fr: string, en: string])[] = [
  [
    'operator.login.readOnly',
    'Consultation seulement : ces enregistrements se font en ligne de commande.',
    'Read-only: these registrations are made on the command line.',
  ],
  ['operator.login.command', 'Commande :', 'Command:'],
  ['operator.login.yes', 'oui', 'yes'],
  ['operator.login.no', 'non', 'no'],
  // ENT projects registered as OpenID Providers.
  ['operator.oidcEnts.title', 'ENT fournisseurs OpenID Connect', 'ENTs as OpenID Connect providers'],
  [
    'operator.oidcEnts.intro',
    'Les utilisateurs de ces projets ENT se connectent par OpenID Connect (flux '
      + '« code » avec PKCE), en priorité sur des métadonnées SAML éventuelles.',
    'Users of these ENT projects log in through OpenID Connect (code flow with PKCE), before any SAML metadata.',
  ],
  [
    'operator.oidcEnts.caption',
    'Projets ENT enregistrés comme fournisseurs OpenID',
    'ENT projects registered as OpenID Providers',
  ],
  [
    'operator.oidcEnts.none',
    'Aucun projet ENT n’est enregistré comme fournisseur OpenID Connect.',
    'No ENT project is registered as an OpenID Connect provider.',
  ],
  [
    'operator.oidcEnts.algorithmsDefault',
    'ceux de la configuration (oidc.idTokenAlgorithms)',
    'the configuration’s (oidc.idTokenAlgorithms)',
  ],
  // Publishers' OIDC clients.
  ['operator.oidcClients.title', 'Clients OpenID Connect des éditeurs', 'Publishers’ OpenID Connect clients'],
  [
    'operator.oidcClients.intro',
    'Chaque client est rattaché à un distributeur technique ; les '
      + 'codes d’autorisation ne partent que vers ses adresses de retour.',
    'Each client belongs to a technical distributor; authorization codes go only to its redirect URIs.',
  ],
  ['operator.oidcClients.caption', 'Clients OpenID Connect enregistrés', 'Registered OpenID Connect clients'],
  ['operator.oidcClients.none', 'Aucun client OpenID Connect enregistré.', 'No OpenID Connect client registered.'],
  ['operator.oidcClients.publicKeys', '{count} clé(s) publique(s)', '{count} public key(s)'],
  // CAS services.
  ['operator.casServices.title', 'Services CAS', 'CAS services'],
  [
    'operator.casServices.intro',
    'L’adresse de service doit correspondre exactement à celle qu’envoie le site de la ressource.',
    'The service URL must match exactly the one the resource’s site sends.',
  ],
  ['operator.casServices.caption', 'Services CAS enregistrés', 'Registered CAS services'],
  ['operator.casServices.none', 'Aucun service CAS enregistré.', 'No CAS service registered.'],
  ['operator.casServices.logoutDefault', 'l’adresse de service', 'the service URL'],
  // Columns.
  ['operator.col.issuer', 'Émetteur (issuer)', 'Issuer'],
  ['operator.col.clientId', 'Identifiant de client', 'Client id'],
  ['operator.col.authMethod', 'Authentification', 'Authentication'],
  ['operator.col.userIdClaim', 'Identifiant utilisateur (claim)', 'User id claim'],
  ['operator.col.userinfo', 'Userinfo', 'Userinfo'],
  ['operator.col.algorithms', 'Algorithmes', 'Algorithms'],
  ['operator.col.secret', 'Secret enregistré', 'Secret stored'],
  ['operator.col.scope', 'Portée (scope)', 'Scope'],
  ['operator.col.distributor', 'Distributeur', 'Distributor'],
  ['operator.col.redirectUris', 'Adresses de retour', 'Redirect URIs'],
  ['operator.col.serviceUrl', 'Adresse de service', 'Service URL'],
  ['operator.col.logoutUrl', 'Déconnexion (back-channel)', 'Logout (back-channel)'],
  ['operator.col.login', 'Connexion des utilisateurs', 'User login'],
  // An ENT project's login protocol.
  ['operator.entLogin.title', 'Connexion des utilisateurs', 'User login'],
  ['operator.entLogin.oidc', 'OpenID Connect', 'OpenID Connect'],
  ['operator.entLogin.saml', 'SAML', 'SAML'],
  ['operator.entLogin.none', 'Aucune connexion enregistrée', 'No login registered'],
  [
    'operator.entLogin.oidcLine',
    'Les utilisateurs se connectent par OpenID Connect auprès de l’émetteur {issuer}.',
    'Users log in through OpenID Connect at issuer {issuer}.',
  ],
  [
    'operator.entLogin.samlLine',
    'Les utilisateurs se connectent par SAML auprès du fournisseur d’identité {entityId}.',
    'Users log in through SAML at identity provider {entityId}.',
  ],
  [
    'operator.entLogin.noneLine',
    'Aucun fournisseur d’identité n’est enregistré : les connexions par cet ENT sont refusées.',
    'No identity provider is registered: logins through this ENT are refused.',
  ],
  [
    'operator.entLogin.samlUnused',
    'Des métadonnées SAML sont aussi enregistrées ; elles ne '
      + 'servent pas tant que l’enregistrement OpenID Connect existe.',
    'SAML metadata is registered too; it is not used while the OpenID Connect registration exists.',
  ],
  ['operator.entLogin.samlIgnored', 'SAML enregistré, non utilisé', 'SAML registered, not used'],
];

export const operatorLoginMessages = {
  fr: Object.fromEntries(rows.map(([key, fr]) => [key, fr])) as Readonly<Record<string, string>>,
  en: Object.fromEntries(rows.map(([key, , en]) => [key, en])) as Readonly<Record<string, string>>,
};
