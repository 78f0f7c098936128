/**
 * The timer of the check of ended sessions: it runs the broker step with the clock's time, and a
 * run still sending when the next is due makes that one skip (runs never pile up behind a slow
 * service); stop() waits for the run in flight.
 */
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { notifyEndedSessions, type CasDeps, type CasTicket } from '../../src/broker/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { scheduleEndedSessionCheck } from '../../src/compose/schedule-ended-session-check.js';

const at = new Date('2026-03-02T16:00:00.000Z');
const ticket = { ticket: 'ST-1', serviceUrl: 'https://cas.example/app' } as CasTicket;
const pause = (ms: number): Promise<void> =>
  new Promise((done) => {
    setTimeout(done, ms);
  });

describe('scheduleEndedSessionCheck', () => {
  it("takes at the clock's time; a slow run makes the next ticks skip; stop() waits for it", async () => {
    const asked: Date[] = [];
    let sends = 0;
    let release = (): void => undefined;
    const cas: CasDeps = {
      services: {
        find: async (serviceUrl: string) => ({ serviceUrl, idRessource: 'r' }),
      } as unknown as CasDeps['services'],
      tickets: {
        takeOfEndedSessions: async (now: Date) => {
          asked.push(now);
          return asked.length === 1 ? [ticket] : [];
        },
      } as unknown as CasDeps['tickets'],
      ticketSeconds: 10,
      sendLogout: async () => {
        sends += 1;
        await new Promise<void>((done) => {
          release = done;
        });
      },
    };
    const run = (ctx: Parameters<typeof notifyEndedSessions>[1]) => notifyEndedSessions(cas, ctx);
    const check = scheduleEndedSessionCheck(run, 0.02, fixedClock(at), pino({ level: 'silent' }));
    await pause(150);
    assert.deepEqual(asked, [at], 'one run, held by its slow send: the other ticks skipped');
    assert.equal(sends, 1);
    release();
    await pause(100);
    assert.ok(asked.length > 1, 'the runs resume once it finished');
    await check.stop();
    const after = asked.length;
    await pause(60);
    assert.equal(asked.length, after, 'no run after stop()');
  });
});
