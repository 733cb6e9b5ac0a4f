// `npm run update-server -- <folder> [--port 8093] [--feed <installer> --version <x.y.z>]`
// Serves a folder of update files on loopback; with --feed, first writes its latest.yml for the
// installer (which must be in the folder). See README "Releases and updates".
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeUpdateFeed } from '../src-server/updates/update-feed';
import { startUpdateServer } from '../src-server/updates/update-server';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: '8093' }, feed: { type: 'string' }, version: { type: 'string' }, notes: { type: 'string' } },
});
const dir = resolve(positionals[0] ?? '.');
if (values.feed !== undefined) {
  if (values.version === undefined) {
    console.error('--feed needs --version');
    process.exit(2);
  }
  await writeUpdateFeed(dir, { installer: values.feed, version: values.version, ...(values.notes === undefined ? {} : { releaseNotes: values.notes }) });
  console.log(`wrote ${dir}/latest.yml for ${values.feed} (${values.version})`);
}
const server = await startUpdateServer({ dir, port: Number(values.port) });
console.log(`update feed at ${server.url}latest.yml — set CEIBA_UPDATE_URL=${server.url} for a development build`);
process.on('SIGINT', () => {
  void server.close().then(() => process.exit(0));
});
