import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { googleProject, readGoogleCredentials } from '../../../src/clouds/gcp/credentials.js';
import { describeMachine, resolveGcpLocation, resolveGcpMachines } from '../../../src/clouds/gcp/presets.js';
import { validateDiscovery, type DiscoverySchema } from '../../fakes/gcp/discovery-validator.js';

describe('Google Cloud presets', () => {
  it('reads CML regions, regions and zones', () => {
    expect(resolveGcpLocation('us-west')).toEqual({ region: 'us-west1', zone: undefined });
    expect(resolveGcpLocation('europe-west4-a')).toEqual({ region: 'europe-west4', zone: 'europe-west4-a' });
    expect(() => resolveGcpLocation('us-east-1')).toThrow(/not a Google Cloud region or zone/);
  });

  it('turns sizes and GPUs into machine types and accelerators', () => {
    expect(resolveGcpMachines('m,l+v100,g2-standard-8', undefined).map(describeMachine)).toEqual([
      'n2-standard-8',
      'n1-standard-32+nvidia-tesla-v100x4',
      'g2-standard-8',
    ]);
    expect(resolveGcpMachines('m', 'l4').map(describeMachine)).toEqual(['g2-standard-8']);
    expect(resolveGcpMachines('n1-standard-4', 'tesla').map(describeMachine)).toEqual(['n1-standard-4+nvidia-tesla-v100x1']);
    expect(resolveGcpMachines('a2-highgpu-1g', 'a100').map(describeMachine)).toEqual(['a2-highgpu-1g']);
    expect(() => resolveGcpMachines('m', 'x9')).toThrow(/not a Google Cloud GPU/);
    expect(() => resolveGcpMachines('t2.micro', undefined)).toThrow(/neither a preset/);
  });
});

describe('Google credentials', () => {
  it('say in one line what is wrong with them', () => {
    expect(() => readGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS_DATA: '{' })).toThrow(
      /^the Google credentials in GOOGLE_APPLICATION_CREDENTIALS_DATA are not JSON$/,
    );
    expect(() => readGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/key.json' })).toThrow(
      /cannot read the Google credentials file \/nonexistent\/key.json: ENOENT/,
    );
    expect(() => readGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS_DATA: '{"type":"authorized_user"}' })).toThrow(/type "authorized_user"/);
    expect(() => readGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS_DATA: '{"type":"service_account","client_email":"a@b"}' })).toThrow(
      /have no "private_key"/,
    );
  });

  it('find the project in the environment, the key or the impersonated account', () => {
    const external = readGoogleCredentials({
      GOOGLE_APPLICATION_CREDENTIALS_DATA: JSON.stringify({
        type: 'external_account',
        audience: '//iam.googleapis.com/x',
        service_account_impersonation_url:
          'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/ci@train-42.iam.gserviceaccount.com:generateAccessToken',
        credential_source: { file: '/tmp/token' },
      }),
    });
    expect(googleProject({}, external)).toBe('train-42');
    expect(googleProject({ GOOGLE_CLOUD_PROJECT: 'explicit' }, external)).toBe('explicit');
  });
});

describe('the Compute discovery validator of the fake', () => {
  it('names unknown properties, wrong types and values outside an enum', () => {
    const { schemas } = JSON.parse(readFileSync(new URL('../../fakes/gcp/compute-v1-schema.json', import.meta.url), 'utf8')) as {
      schemas: Record<string, DiscoverySchema>;
    };
    const problems = validateDiscovery(
      { name: 'x', shieldedVm: true, disks: [{ initializeParams: { diskSizeGb: 35 } }], scheduling: { provisioningModel: 'CHEAP' } },
      { $ref: 'Instance' },
      schemas,
    );
    expect(problems).toEqual([
      '$.shieldedVm: not a property of Instance',
      '$.disks[0].initializeParams.diskSizeGb: expected a string (int64), got 35',
      '$.scheduling.provisioningModel: "CHEAP" is not one of SPOT, STANDARD',
    ]);
  });
});
