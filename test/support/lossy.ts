/** JPEG and WebP round trips through `sharp`, for the compression a camera pipeline or an upload adds. */
import sharp from 'sharp';
import type { LumaImage } from './symbols.js';

/** Encodes `image` as JPEG or WebP at `quality` and decodes it back to grey levels. */
export async function lossy(image: LumaImage, kind: 'jpeg' | 'webp', quality: number): Promise<LumaImage> {
  const raw = { raw: { width: image.width, height: image.height, channels: 1 as const } };
  const encoded = await (kind === 'jpeg'
    ? sharp(Buffer.from(image.data), raw).jpeg({ quality })
    : sharp(Buffer.from(image.data), raw).webp({ quality })
  ).toBuffer();
  const { data, info } = await sharp(encoded)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 || info.width !== image.width) throw new Error('unexpected decoded layout');
  return {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}
