// The Pushgateway group path and target: labels with '/' in the gateway's base64 form, empty ones
// left out, credentials taken out of the URL.

import { describe, expect, it } from 'vitest';
import { groupPath, pushgatewayTarget } from '../../../src/trackers/pushgateway/push.js';
import { UserError } from '../../../src/errors.js';

describe('Pushgateway target', () => {
  it('groups by job, then repo and branch; values with a slash are base64url-encoded', () => {
    const target = pushgatewayTarget('http://127.0.0.1:9091/', 'cml_drift', [
      ['repo', 'octo/churn'],
      ['branch', 'feature/x y'],
      ['missing', undefined],
      ['empty', ''],
    ]);
    expect(groupPath(target)).toBe('/metrics/job/cml_drift/repo@base64/b2N0by9jaHVybg/branch@base64/ZmVhdHVyZS94IHk');
    expect(groupPath(pushgatewayTarget('http://h:9091', 'night ly', [['branch', 'main']]))).toBe('/metrics/job/night%20ly/branch/main');
  });

  it('takes credentials out of the URL', () => {
    expect(pushgatewayTarget('https://bot:p%40ss@gw.example.com/prefix', 'j', [])).toEqual({
      url: 'https://gw.example.com/prefix',
      username: 'bot',
      password: 'p@ss',
      job: 'j',
      grouping: [],
    });
  });

  it('refuses what is not an http(s) base URL, and an empty job', () => {
    for (const [url, job] of [
      ['gw:9091', 'j'],
      ['ftp://gw', 'j'],
      ['http://gw/?x=1', 'j'],
      ['http://gw', ' '],
    ]) {
      expect(() => pushgatewayTarget(url!, job!, [])).toThrow(UserError);
    }
  });
});
