// A loopback fake of SSM's GetParameter, speaking the AWS JSON 1.1 protocol
// (`X-Amz-Target: AmazonSSM.GetParameter`), preloaded with AWS's public image parameters.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class FakeSsm {
  readonly parameters = new Map<string, string>([
    ['/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id', 'ami-0ubuntu0amd64'],
    ['/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id', 'ami-0ubuntu0arm64'],
    ['/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-24.04/latest/ami-id', 'ami-0dlami0gpu'],
  ]);
  readonly requested: string[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((request, reply) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const send = (status: number, body: unknown): void => {
          reply.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          reply.end(JSON.stringify(body));
        };
        if (request.headers['x-amz-target'] !== 'AmazonSSM.GetParameter' || !String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256')) {
          send(400, { __type: 'UnknownOperationException', message: `unsupported ${String(request.headers['x-amz-target'])}` });
          return;
        }
        const { Name } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Name?: string };
        this.requested.push(Name ?? '');
        const value = Name ? this.parameters.get(Name) : undefined;
        if (value === undefined) {
          send(400, { __type: 'ParameterNotFound', message: `Parameter ${Name} not found.` });
          return;
        }
        send(200, {
          Parameter: {
            Name,
            Type: 'String',
            Value: value,
            Version: 7,
            LastModifiedDate: 1_790_000_000,
            ARN: `arn:aws:ssm:us-east-1::parameter${Name}`,
            DataType: 'aws:ec2:image',
          },
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
