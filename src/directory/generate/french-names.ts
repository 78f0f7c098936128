/**
 * Names as French school registers hold them, chosen to exercise encoding: accents, diaeresis,
 * cedilla, apostrophes (escaped as &apos; in the feed), hyphens and particles with spaces.
 */
export const femaleFirstNames: readonly string[] = [
  'Emma', 'Louise', 'Jade', 'Alice', 'Chloé', 'Lina', 'Léa', 'Mila', 'Rose', 'Anna', 'Inès',
  'Ambre', 'Julia', 'Léna', 'Zoé', 'Manon', 'Agathe', 'Éloïse', 'Maëlys', 'Héloïse', 'Anaïs',
  'Clémence', 'Célia', 'Noémie', 'Océane', 'Maëlle', 'Jeanne', 'Camille', 'Sarah', 'Yasmine',
  'Aïcha', 'Fatoumata', 'Lou-Anne', 'Marie-Ève', 'Gaëlle', 'Bérénice', 'Solène', 'Hélène',
  'Françoise', 'Nathalie', 'Sophie', 'Isabelle', 'Valérie', 'Sandrine', 'Émilie', 'Aurélie',
];

export const maleFirstNames: readonly string[] = [
  'Gabriel', 'Léo', 'Raphaël', 'Louis', 'Arthur', 'Jules', 'Adam', 'Maël', 'Lucas', 'Hugo',
  'Noah', 'Liam', 'Sacha', 'Éthan', 'Nathan', 'Théo', 'Timothée', 'Noé', 'Mathéo', 'Loïc',
  'Gaël', 'Joël', 'Anaël', 'Clément', 'Benoît', 'François', 'Jérôme', 'Stéphane', 'Rémi',
  'Amine', 'Mohamed', 'Ibrahima', 'Yanis', 'Jean-Baptiste', 'Pierre-Louis', 'Aurélien',
  'Frédéric', 'Thierry', 'Sébastien', 'Grégoire', 'Hervé', 'Cédric', 'Loïs', 'Côme',
];

export const lastNames: readonly string[] = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy',
  'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand',
  'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert',
  'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc',
  'Guérin', 'Müller', 'Hénault', 'Bélanger', 'Pâris', 'Boëlle', 'Çelik', 'Yılmaz', 'Nguyen',
  'N\'Diaye', 'N\'Guessan', 'D\'Almeida', 'D\'Arras', 'L\'Hôte', 'O\'Neill', 'Diallo', 'Traoré',
  'Le Gall', 'Le Goff', 'de La Fontaine', 'Da Silva', 'Dos Santos', 'Saint-Exupéry',
  'Benoît-Lévêque', 'Ben Saïd', 'Châtelain', 'Béranger', 'Gaël', 'Crépeau', 'Noël',
];

/** Lower-case ASCII of a name for mail local parts: accents and separators dropped. */
export function asciiMailPart(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i')
    .toLowerCase().replace(/[^a-z0-9-]/g, '');
}
