// Which image a runner machine boots: AWS's public SSM parameters (Canonical's Ubuntu 24.04, or the
// AWS Deep Learning base image with the NVIDIA driver for GPUs) unless --cloud-image names an AMI id
// or an image name (newest match for the instance type's architecture).

import { DescribeImagesCommand, type EC2Client, type Filter, type Image } from '@aws-sdk/client-ec2';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { UserError } from '../../errors.js';
import { errorCode, wrapAwsError } from './errors.js';
import type { ResolvedImage } from './run-input.js';

/** Ubuntu 24.04 from Canonical, and AWS's Deep Learning base image (NVIDIA driver) for GPUs. */
export const IMAGE_PARAMETERS = {
  x86_64: '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
  arm64: '/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id',
  gpu_x86_64: '/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-24.04/latest/ami-id',
  gpu_arm64: '/aws/service/deeplearning/ami/arm64/base-oss-nvidia-driver-gpu-ubuntu-24.04/latest/ami-id',
} as const;

export interface ImageQuery {
  readonly image: string | undefined;
  readonly region: string;
  readonly architecture: 'x86_64' | 'arm64';
  readonly gpu: boolean;
}

export async function lookUpImage(ec2: EC2Client, ssm: SSMClient, { image, region, architecture, gpu }: ImageQuery): Promise<ResolvedImage> {
  let imageId = image;
  let filters: Filter[] | undefined;
  if (image && !/^ami-[0-9a-f]+$/.test(image)) {
    filters = [
      { Name: 'name', Values: [image] },
      { Name: 'architecture', Values: [architecture] },
      { Name: 'state', Values: ['available'] },
    ];
    imageId = undefined;
  } else if (!image) {
    const name = gpu ? IMAGE_PARAMETERS[architecture === 'arm64' ? 'gpu_arm64' : 'gpu_x86_64'] : IMAGE_PARAMETERS[architecture];
    try {
      const output = await ssm.send(new GetParameterCommand({ Name: name }));
      imageId = output.Parameter?.Value;
    } catch (error) {
      if (errorCode(error) === 'ParameterNotFound')
        throw new UserError(`no ${gpu ? 'GPU ' : ''}Ubuntu image for ${architecture} in ${region} (${name})`, { hint: 'pass --cloud-image', cause: error });
      throw wrapAwsError(error, `read the image parameter ${name}`, region);
    }
    if (!imageId) throw new UserError(`the image parameter ${name} is empty in ${region}`, { hint: 'pass --cloud-image' });
  }
  let images: Image[];
  try {
    const output = await ec2.send(new DescribeImagesCommand(filters ? { Filters: filters } : { ImageIds: [imageId!] }));
    images = output.Images ?? [];
  } catch (error) {
    if (errorCode(error).startsWith('InvalidAMIID'))
      throw new UserError(`image ${imageId} does not exist in ${region}`, { hint: 'check --cloud-image and --cloud-region', cause: error });
    throw wrapAwsError(error, `describe image ${image ?? imageId}`, region);
  }
  const newest = images.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
  if (!newest?.ImageId)
    throw new UserError(`no ${architecture} image matches "${image ?? imageId}" in ${region}`, {
      hint: 'check --cloud-image; an image name may use * wildcards',
    });
  if (newest.Architecture && newest.Architecture !== architecture) {
    throw new UserError(`image ${newest.ImageId} is ${newest.Architecture} but the instance type needs ${architecture}`, {
      hint: 'use an image for the same architecture as --cloud-type',
    });
  }
  return { id: newest.ImageId, rootDevice: newest.RootDeviceName ?? '/dev/sda1' };
}
