// Scale one photo to fit 2560 px and re-encode it as JPEG at quality 80 with mozjpeg, for bench/camera.py.
//
// This is what a careful user would do by hand with sharp before committing a camera photo: the same pixel
// budget perflint applies (image-dimensions' 2560 px) and a quality that usually looks like the original.
// The EXIF orientation is applied first, as perflint does. Timed inside node, so node's start-up is not counted.
//
// Usage: node bench/sharp_resize.mjs IN OUT
// Prints one JSON object: {"seconds": elapsed, "bytes": size of OUT}.

import { performance } from 'node:perf_hooks'
import sharp from 'sharp'

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  console.error('usage: node sharp_resize.mjs IN OUT')
  process.exit(2)
}
const start = performance.now()
const info = await sharp(input)
  .rotate()
  .resize(2560, 2560, { fit: 'inside', withoutEnlargement: true })
  .jpeg({ quality: 80, mozjpeg: true })
  .toFile(output)
console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, bytes: info.size }))
