// Which environment variables hold secrets that both front doors mask before any command runs.

import { describe, expect, it } from 'vitest';
import { environmentSecrets, maskEnvironmentSecrets } from '../../src/secrets.js';

// Every credential variable set, padded as a pasted value can be, beside ordinary variables.
const ENV = {
  HOME: '/home/runner',
  REPO_TOKEN: ' repo-token\n',
  GITHUB_TOKEN: 'ghs_job-token\n',
  GITHUB_REPOSITORY: 'octo/models',
  CML_GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-key',
  AWS_SESSION_TOKEN: 'aws-session-token',
  AWS_SECURITY_TOKEN: 'aws-security-token',
  AZURE_CLIENT_ID: 'azure-client-id',
  AZURE_CLIENT_SECRET: 'azure-client-secret',
  GOOGLE_APPLICATION_CREDENTIALS: '/tmp/key.json',
  GOOGLE_APPLICATION_CREDENTIALS_DATA: '{"private_key":"gcp"}',
  KUBECONFIG: '/home/runner/.kube/config',
  KUBECONFIG_DATA: 'apiVersion: v1',
  MLFLOW_TRACKING_URI: 'https://mlflow.example.com',
  MLFLOW_TRACKING_USERNAME: 'alice',
  MLFLOW_TRACKING_TOKEN: 'mlflow-token',
  MLFLOW_TRACKING_PASSWORD: 'mlflow-password',
};

describe('environmentSecrets', () => {
  it('takes the whole value of each credential variable, trimmed, and no other variable', () => {
    expect(environmentSecrets(ENV)).toEqual([
      'repo-token',
      'ghs_job-token',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
      'aws-secret-key',
      'aws-session-token',
      'aws-security-token',
      'azure-client-secret',
      '{"private_key":"gcp"}',
      'apiVersion: v1',
      'mlflow-token',
      'mlflow-password',
    ]);
  });

  it('skips credential variables that are unset, empty or only whitespace', () => {
    expect(environmentSecrets({ REPO_TOKEN: '', GITHUB_TOKEN: ' \n', AWS_SESSION_TOKEN: undefined, MLFLOW_TRACKING_TOKEN: 'x' })).toEqual(['x']);
  });
});

describe('maskEnvironmentSecrets', () => {
  it('registers each secret with the logger', () => {
    const masked: (string | undefined)[] = [];
    maskEnvironmentSecrets({ HOME: '/root', GITHUB_TOKEN: 'ghs_job-token', KUBECONFIG_DATA: 'apiVersion: v1\n' }, { mask: (secret) => masked.push(secret) });
    expect(masked).toEqual(['ghs_job-token', 'apiVersion: v1']);
  });
});
