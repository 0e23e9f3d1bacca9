// A loopback fake of the EC2 API speaking its Query protocol (form-encoded POST, XML answers and
// `<Response><Errors>` error documents with EC2's status codes). Enough of EC2 for the runner:
// RunInstances, DescribeInstances, TerminateInstances, CreateTags, DescribeImages, DescribeSubnets,
// DescribeSecurityGroups and DescribeSpotPriceHistory. Capacity refusals are scripted per test.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { errorResponse, list, object, parseQuery, response, text, type QueryObject, type XmlValue } from './query.js';

export interface FakeInstance {
  id: string;
  imageId: string;
  type: string;
  state: 'pending' | 'running' | 'shutting-down' | 'terminated';
  market: 'spot' | 'on-demand';
  subnetId: string | undefined;
  zone: string;
  launchTime: Date;
  tags: Map<string, string>;
  userData: string;
  clientToken: string | undefined;
  /** Everything RunInstances was sent, decoded. */
  request: QueryObject;
  stateReason?: { code: string; message: string };
}

export interface FakeImage {
  id: string;
  name: string;
  architecture: 'x86_64' | 'arm64';
  rootDeviceName: string;
  creationDate: string;
}

export interface FakeSubnet {
  id: string;
  vpcId: string;
  zone: string;
  defaultForAz: boolean;
}

export interface Refusal {
  code: string;
  message?: string;
  type?: string;
  market?: 'spot' | 'on-demand';
  subnetId?: string;
}

export interface RecordedRequest {
  action: string;
  params: QueryObject;
  at: number;
  authorization: string | undefined;
}

/** EC2 answers capacity shortages as server errors (500), price and limits as client errors (400). */
const SERVER_ERRORS = new Set(['InsufficientInstanceCapacity', 'InsufficientHostCapacity', 'InsufficientCapacity', 'InternalError', 'Unavailable']);

const STATE_CODES: Record<FakeInstance['state'], number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 };

export class FakeEc2 {
  readonly instances = new Map<string, FakeInstance>();
  readonly images = new Map<string, FakeImage>();
  subnets: FakeSubnet[] = [];
  securityGroups: { id: string; name: string; vpcId: string }[] = [];
  spotPrices: { type: string; zone: string; price: string; timestamp: Date }[] = [];
  refusals: Refusal[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Called after each RunInstances; tests use it to simulate the machine's life. */
  onRunInstances: ((instance: FakeInstance) => void) | undefined;
  /** Awaited before each request is answered; tests use it to act while a call is in flight. */
  beforeAnswer: ((action: string) => Promise<void>) | undefined;
  private server: Server | undefined;
  private counter = 0;
  url = '';

  constructor() {
    this.images.set('ami-0ubuntu0amd64', {
      id: 'ami-0ubuntu0amd64',
      name: 'ubuntu-noble-24.04-amd64-server',
      architecture: 'x86_64',
      rootDeviceName: '/dev/sda1',
      creationDate: '2026-10-01T00:00:00.000Z',
    });
    this.images.set('ami-0ubuntu0arm64', {
      id: 'ami-0ubuntu0arm64',
      name: 'ubuntu-noble-24.04-arm64-server',
      architecture: 'arm64',
      rootDeviceName: '/dev/sda1',
      creationDate: '2026-10-01T00:00:00.000Z',
    });
    this.images.set('ami-0dlami0gpu', {
      id: 'ami-0dlami0gpu',
      name: 'Deep Learning Base OSS Nvidia Driver GPU AMI (Ubuntu 24.04)',
      architecture: 'x86_64',
      rootDeviceName: '/dev/sda1',
      creationDate: '2026-10-02T00:00:00.000Z',
    });
    this.subnets = [
      { id: 'subnet-0aaa', vpcId: 'vpc-0default', zone: 'us-east-1a', defaultForAz: true },
      { id: 'subnet-0bbb', vpcId: 'vpc-0default', zone: 'us-east-1b', defaultForAz: true },
      { id: 'subnet-0ccc', vpcId: 'vpc-0other', zone: 'us-east-1a', defaultForAz: false },
    ];
  }

  async start(): Promise<string> {
    this.server = createServer((request, reply) => {
      void this.handle(request, reply);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Puts an instance in place as if it had been launched earlier (for cleanup scenarios). */
  seedInstance(partial: Partial<Omit<FakeInstance, 'tags'>> & { tags: Record<string, string> }): FakeInstance {
    this.counter += 1;
    const instance: FakeInstance = {
      id: `i-0${this.counter.toString(16).padStart(16, '0')}`,
      imageId: 'ami-0ubuntu0amd64',
      type: 'm5.2xlarge',
      state: 'running',
      market: 'on-demand',
      subnetId: 'subnet-0aaa',
      zone: 'us-east-1a',
      launchTime: new Date(Date.now() - 3600_000),
      userData: '',
      clientToken: undefined,
      request: {},
      ...partial,
      tags: new Map(Object.entries(partial.tags)),
    };
    this.instances.set(instance.id, instance);
    return instance;
  }

  /** RunInstances calls that reached the fake, one per distinct client token (the SDK retries 5xx). */
  launches(): QueryObject[] {
    const seen = new Set<string>();
    return this.requests
      .filter((request) => request.action === 'RunInstances')
      .map((request) => request.params)
      .filter((params) => {
        const token = text(params.ClientToken) ?? String(Math.random());
        if (seen.has(token)) return false;
        seen.add(token);
        return true;
      });
  }

  actions(): string[] {
    return this.requests.map((request) => request.action);
  }

  private async handle(request: IncomingMessage, reply: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const requestId = randomUUID();
    const send = (status: number, body: string): void => {
      reply.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId });
      reply.end(body);
    };
    if (request.method !== 'POST' || !String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      send(400, errorResponse('InvalidAction', 'EC2 takes form-encoded POST requests', requestId));
      return;
    }
    const params = parseQuery(Buffer.concat(chunks).toString('utf8'));
    const action = text(params.Action) ?? '';
    const authorization = request.headers.authorization;
    this.requests.push({ action, params, at: Date.now(), authorization });
    if (!authorization?.startsWith('AWS4-HMAC-SHA256 Credential=')) {
      send(401, errorResponse('AuthFailure', 'AWS was not able to validate the provided access credentials', requestId));
      return;
    }
    if (text(params.Version) !== '2016-11-15') {
      send(400, errorResponse('InvalidParameterValue', `unsupported API version ${text(params.Version)}`, requestId));
      return;
    }
    await this.beforeAnswer?.(action);
    try {
      const body = this.dispatch(action, params);
      send(200, response(action, requestId, body));
    } catch (error) {
      if (error instanceof Ec2Error) send(SERVER_ERRORS.has(error.code) ? 500 : 400, errorResponse(error.code, error.message, requestId));
      else send(500, errorResponse('InternalError', (error as Error).message, requestId));
    }
  }

  private dispatch(action: string, params: QueryObject): Record<string, XmlValue> {
    switch (action) {
      case 'RunInstances':
        return this.runInstances(params);
      case 'DescribeInstances':
        return this.describeInstances(params);
      case 'TerminateInstances':
        return this.terminateInstances(params);
      case 'CreateTags':
        return this.createTags(params);
      case 'DescribeImages':
        return this.describeImages(params);
      case 'DescribeSubnets':
        return this.describeSubnets(params);
      case 'DescribeSecurityGroups':
        return this.describeSecurityGroups(params);
      case 'DescribeSpotPriceHistory':
        return this.describeSpotPriceHistory(params);
      default:
        throw new Ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  }

  private runInstances(params: QueryObject): Record<string, XmlValue> {
    const imageId = text(params.ImageId);
    const type = text(params.InstanceType);
    if (!imageId || !type || text(params.MinCount) !== '1' || text(params.MaxCount) !== '1')
      throw new Ec2Error('MissingParameter', 'ImageId, InstanceType, MinCount and MaxCount are required');
    const image = this.images.get(imageId);
    if (!image) throw new Ec2Error('InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
    const clientToken = text(params.ClientToken);
    if (clientToken) {
      const existing = [...this.instances.values()].find((instance) => instance.clientToken === clientToken);
      if (existing) return this.reservation(existing);
    }
    const market = text(object(params.InstanceMarketOptions).MarketType) === 'spot' ? 'spot' : 'on-demand';
    const subnetId = text(params.SubnetId);
    const subnet = subnetId ? this.subnets.find((candidate) => candidate.id === subnetId) : this.subnets.find((candidate) => candidate.defaultForAz);
    if (subnetId && !subnet) throw new Ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
    const refusal = this.refusals.find(
      (rule) => (!rule.type || rule.type === type) && (!rule.market || rule.market === market) && (!rule.subnetId || rule.subnetId === subnet?.id),
    );
    if (refusal) {
      throw new Ec2Error(
        refusal.code,
        refusal.message ??
          (refusal.code === 'SpotMaxPriceTooLow'
            ? `Your Spot request price of ${text(object(object(params.InstanceMarketOptions).SpotOptions).MaxPrice) ?? 'default'} is lower than the minimum required Spot request fulfillment price.`
            : `We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${subnet?.zone ?? 'us-east-1a'}).`),
      );
    }
    const tags = new Map<string, string>();
    for (const specification of list(params.TagSpecification)) {
      const spec = object(specification);
      if (text(spec.ResourceType) !== 'instance') continue;
      for (const tag of list(spec.Tag)) tags.set(text(object(tag).Key) ?? '', text(object(tag).Value) ?? '');
    }
    this.counter += 1;
    const instance: FakeInstance = {
      id: `i-0${this.counter.toString(16).padStart(16, '0')}`,
      imageId,
      type,
      state: 'pending',
      market,
      subnetId: subnet?.id,
      zone: subnet?.zone ?? 'us-east-1a',
      launchTime: new Date(),
      tags,
      userData: Buffer.from(text(params.UserData) ?? '', 'base64').toString('utf8'),
      clientToken,
      request: params,
    };
    this.instances.set(instance.id, instance);
    this.onRunInstances?.(instance);
    return this.reservation(instance);
  }

  private reservation(instance: FakeInstance): Record<string, XmlValue> {
    return { reservationId: `r-0${instance.id.slice(3)}`, ownerId: '123456789012', groupSet: [], instancesSet: [this.instanceXml(instance)] };
  }

  private instanceXml(instance: FakeInstance): Record<string, XmlValue> {
    return {
      instanceId: instance.id,
      imageId: instance.imageId,
      instanceState: { code: STATE_CODES[instance.state], name: instance.state },
      instanceType: instance.type,
      launchTime: instance.launchTime.toISOString(),
      placement: { availabilityZone: instance.zone, tenancy: 'default' },
      subnetId: instance.subnetId,
      instanceLifecycle: instance.market === 'spot' ? 'spot' : undefined,
      stateReason: instance.stateReason ? { code: instance.stateReason.code, message: instance.stateReason.message } : undefined,
      architecture: this.images.get(instance.imageId)?.architecture,
      tagSet: [...instance.tags].map(([key, value]) => ({ key, value })),
    };
  }

  private describeInstances(params: QueryObject): Record<string, XmlValue> {
    const ids = list(params.InstanceId).map((id) => text(id));
    let found = [...this.instances.values()];
    if (ids.length > 0) {
      const missing = ids.find((id) => !this.instances.has(id ?? ''));
      if (missing) throw new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${missing}' does not exist`);
      found = found.filter((instance) => ids.includes(instance.id));
    }
    for (const filter of list(params.Filter)) {
      const name = text(object(filter).Name) ?? '';
      const values = list(object(filter).Value).map((value) => text(value));
      found = found.filter((instance) => {
        if (name.startsWith('tag:')) return values.includes(instance.tags.get(name.slice(4)));
        if (name === 'instance-state-name') return values.includes(instance.state);
        throw new Ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
      });
    }
    return { reservationSet: found.map((instance) => this.reservation(instance)) };
  }

  private terminateInstances(params: QueryObject): Record<string, XmlValue> {
    const ids = list(params.InstanceId).map((id) => text(id) ?? '');
    if (ids.length === 0) throw new Ec2Error('MissingParameter', 'The request must contain the parameter InstanceId');
    const missing = ids.find((id) => !this.instances.has(id));
    if (missing) throw new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${missing}' does not exist`);
    return {
      instancesSet: ids.map((id) => {
        const instance = this.instances.get(id)!;
        const previous = instance.state;
        instance.state = 'terminated';
        instance.stateReason ??= { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' };
        return { instanceId: id, currentState: { code: 48, name: 'terminated' }, previousState: { code: STATE_CODES[previous], name: previous } };
      }),
    };
  }

  private createTags(params: QueryObject): Record<string, XmlValue> {
    for (const id of list(params.ResourceId).map((value) => text(value) ?? '')) {
      const instance = this.instances.get(id);
      if (!instance) throw new Ec2Error('InvalidID', `The ID '${id}' is not valid`);
      for (const tag of list(params.Tag)) instance.tags.set(text(object(tag).Key) ?? '', text(object(tag).Value) ?? '');
    }
    return { return: true };
  }

  private describeImages(params: QueryObject): Record<string, XmlValue> {
    const ids = list(params.ImageId).map((id) => text(id));
    let found = [...this.images.values()];
    if (ids.length > 0) {
      const missing = ids.find((id) => !this.images.has(id ?? ''));
      if (missing) throw new Ec2Error('InvalidAMIID.NotFound', `The image id '[${missing}]' does not exist`);
      found = found.filter((image) => ids.includes(image.id));
    }
    for (const filter of list(params.Filter)) {
      const name = text(object(filter).Name);
      const values = list(object(filter).Value).map((value) => text(value) ?? '');
      found = found.filter((image) => {
        if (name === 'name')
          return values.some((pattern) =>
            new RegExp(
              `^${pattern
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '.*')
                .replace(/\?/g, '.')}$`,
            ).test(image.name),
          );
        if (name === 'architecture') return values.includes(image.architecture);
        if (name === 'state') return values.includes('available');
        throw new Ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
      });
    }
    return {
      imagesSet: found.map((image) => ({
        imageId: image.id,
        imageLocation: `amazon/${image.name}`,
        imageState: 'available',
        imageOwnerId: '099720109477',
        creationDate: image.creationDate,
        isPublic: true,
        architecture: image.architecture,
        imageType: 'machine',
        name: image.name,
        rootDeviceType: 'ebs',
        rootDeviceName: image.rootDeviceName,
        blockDeviceMapping: [
          { deviceName: image.rootDeviceName, ebs: { snapshotId: 'snap-0123', volumeSize: 8, deleteOnTermination: true, volumeType: 'gp3', encrypted: false } },
        ],
        virtualizationType: 'hvm',
        hypervisor: 'xen',
      })),
    };
  }

  private describeSubnets(params: QueryObject): Record<string, XmlValue> {
    const ids = list(params.SubnetId).map((id) => text(id));
    let found = this.subnets;
    if (ids.length > 0) {
      const missing = ids.find((id) => !this.subnets.some((subnet) => subnet.id === id));
      if (missing) throw new Ec2Error('InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`);
      found = found.filter((subnet) => ids.includes(subnet.id));
    }
    for (const filter of list(params.Filter)) {
      const name = text(object(filter).Name);
      const values = list(object(filter).Value).map((value) => text(value));
      found = found.filter((subnet) => {
        if (name === 'default-for-az') return values.includes(String(subnet.defaultForAz));
        if (name === 'vpc-id') return values.includes(subnet.vpcId);
        throw new Ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
      });
    }
    return {
      subnetSet: found.map((subnet) => ({
        subnetId: subnet.id,
        subnetArn: `arn:aws:ec2:us-east-1:123456789012:subnet/${subnet.id}`,
        state: 'available',
        vpcId: subnet.vpcId,
        cidrBlock: '172.31.0.0/20',
        availableIpAddressCount: 4091,
        availabilityZone: subnet.zone,
        defaultForAz: subnet.defaultForAz,
        mapPublicIpOnLaunch: true,
      })),
    };
  }

  private describeSecurityGroups(params: QueryObject): Record<string, XmlValue> {
    let found = this.securityGroups;
    for (const filter of list(params.Filter)) {
      const name = text(object(filter).Name);
      const values = list(object(filter).Value).map((value) => text(value));
      found = found.filter((group) => (name === 'group-name' ? values.includes(group.name) : name === 'vpc-id' ? values.includes(group.vpcId) : false));
    }
    return {
      securityGroupInfo: found.map((group) => ({
        ownerId: '123456789012',
        groupId: group.id,
        groupName: group.name,
        vpcId: group.vpcId,
        groupDescription: group.name,
      })),
    };
  }

  private describeSpotPriceHistory(params: QueryObject): Record<string, XmlValue> {
    const types = list(params.InstanceType).map((value) => text(value));
    const zone = text(params.AvailabilityZone);
    const found = this.spotPrices.filter((entry) => (types.length === 0 || types.includes(entry.type)) && (!zone || entry.zone === zone));
    return {
      spotPriceHistorySet: found.map((entry) => ({
        instanceType: entry.type,
        productDescription: 'Linux/UNIX',
        spotPrice: entry.price,
        timestamp: entry.timestamp.toISOString(),
        availabilityZone: entry.zone,
      })),
      nextToken: '',
    };
  }
}

class Ec2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
