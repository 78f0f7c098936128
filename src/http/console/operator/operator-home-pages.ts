/** The operator's home: the sections of the federation they run. */
import type { ConsolePageModule } from '../console-router.js';

export function operatorHomePages(): ConsolePageModule {
  return (router, kit) => {
    router.get('/operateur/', kit.requireOperator, (_req, res) => {
      kit.render(res, 'operator-home', res.locals.console?.lang === 'en' ? 'Operator' : 'Opérateur');
    });
  };
}
