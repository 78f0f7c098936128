/** The operator's home: the sections of the federation they run. */
import type { ConsolePageModule } from '../console-router.js';
import { translate } from '../console-messages.js';
import { operatorSections } from './operator-paths.js';

export function operatorHomePages(): ConsolePageModule {
  return (router, kit) => {
    router.get('/operateur/', kit.requireOperator, (_req, res) => {
      kit.render(res, 'operator-home', translate(res.locals.console?.lang ?? 'fr', 'operator.home.title'), {
        sections: operatorSections,
      });
    });
  };
}
