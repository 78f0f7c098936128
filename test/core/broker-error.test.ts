import assert from 'node:assert/strict';
import { BrokerError, isBrokerError } from '../../src/core/broker-error.js';

describe('isBrokerError', () => {
  it('recognises a BrokerError', () => {
    assert.equal(isBrokerError(new BrokerError('ERR_X', 400, 'message')), true);
  });

  it('recognises one made by another loaded copy of the module: its name and its code and status', () => {
    const foreign = Object.assign(new Error('message'), { name: 'BrokerError', code: 'ERR_X', status: 400 });
    assert.equal(isBrokerError(foreign), true);
  });

  it('refuses an error that only borrows the name, and anything that is not an error', () => {
    assert.equal(isBrokerError(Object.assign(new Error('m'), { name: 'BrokerError' })), false);
    assert.equal(isBrokerError(Object.assign(new Error('m'), { name: 'BrokerError', code: 'ERR_X' })), false);
    assert.equal(isBrokerError(new Error('m')), false);
    assert.equal(isBrokerError({ name: 'BrokerError', code: 'ERR_X', status: 400 }), false);
  });
});
