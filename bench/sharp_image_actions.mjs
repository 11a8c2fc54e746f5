// Compress every image under a folder in place the way calibreapp/image-actions does, for bench/images.py.
//
// image-actions runs sharp on each JPEG, PNG, WebP and AVIF file (GIF is left alone), picking the output
// format from the file extension, and writes the result only when it is at least minPctChange (5 %) smaller.
// The options below are its defaults (src/config.ts and src/constants.ts). Files are done one after the other,
// as image-actions does, in one process so that node's start-up is not counted per file.
//
// Usage: node bench/sharp_image_actions.mjs DIR
// Prints one JSON object: {"sharp": versions, "seconds": elapsed, "files": [{path, before, after, written, error}]}.

import { readdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import sharp from 'sharp'

const MIN_PCT_CHANGE = 5

const OPTIONS = {
  jpeg: { quality: 85, chromaSubsampling: '4:4:4', progressive: false, mozjpeg: false },
  png: { quality: 80, palette: true, compressionLevel: 9 },
  webp: { quality: 85, smartSubsample: true },
  avif: { quality: 75 }
}

const FORMAT_OF_EXTENSION = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.png': 'png',
  '.webp': 'webp',
  '.avif': 'avif'
}

/** List the files under `folder`, recursively, skipping dot-folders (perflint's cache and the like). */
async function listFiles(folder) {
  const entries = await readdir(folder, { withFileTypes: true })
  const files = []
  for (const entry of entries) {
    const full = path.join(folder, entry.name)
    if (entry.isDirectory() && !entry.name.startsWith('.')) {
      files.push(...(await listFiles(full)))
    } else if (entry.isFile()) {
      files.push(full)
    }
  }
  return files.sort()
}

/** Re-encode one file with image-actions' options; overwrite it only if the saving reaches MIN_PCT_CHANGE. */
async function compress(file, format) {
  const before = (await stat(file)).size
  const { data, info } = await sharp(file).toFormat(format, OPTIONS[format]).toBuffer({ resolveWithObject: true })
  const percentChange = (info.size / before) * 100 - 100
  const written = percentChange <= -MIN_PCT_CHANGE
  if (written) {
    await writeFile(file, data)
  }
  return { before, after: written ? info.size : before, written }
}

async function main() {
  const folder = process.argv[2]
  if (!folder) {
    console.error('usage: node sharp_image_actions.mjs DIR')
    process.exit(2)
  }
  const start = performance.now()
  const results = []
  for (const file of await listFiles(folder)) {
    const format = FORMAT_OF_EXTENSION[path.extname(file).toLowerCase()]
    if (!format) continue
    const relative = path.relative(folder, file)
    try {
      results.push({ path: relative, ...(await compress(file, format)), error: null })
    } catch (error) {
      results.push({ path: relative, before: null, after: null, written: false, error: String(error) })
    }
  }
  const seconds = (performance.now() - start) / 1000
  console.log(JSON.stringify({ sharp: sharp.versions, seconds, files: results }))
}

await main()
