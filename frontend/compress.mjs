// Trunk's post-build hook: Brotli (quality 11) and gzip (level 9) copies of every
// text asset, made once here and served as they are by the server (`precompressed`),
// so no request pays for compressing 1.7 MB of WASM. Node's zlib: no extra tool.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? "dist";

// The public bundle (`--public-url /public/`) starts under a page the server has
// already rendered: without the WASM preload in <head> that page paints first, and the
// app follows when its script asks for it.
if (process.env.TRUNK_PUBLIC_URL === "/public/") {
  const index = join(dir, "index.html");
  const html = readFileSync(index, "utf8");
  const stripped = html.replace(/<link rel="preload"[^>]*type="application\/wasm"[^>]*>/, "");
  if (stripped === html) throw new Error("compress.mjs: no WASM preload found in the public index.html");
  writeFileSync(index, stripped);
}
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css|html|svg|json)$/.test(name)) continue;
  const data = readFileSync(join(dir, name));
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [constants.BROTLI_PARAM_MODE]: name.endsWith(".wasm") ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  });
  writeFileSync(join(dir, `${name}.br`), br);
  writeFileSync(join(dir, `${name}.gz`), gzipSync(data, { level: 9 }));
  console.log(`${name}: ${data.length} bytes, brotli ${br.length}`);
}
