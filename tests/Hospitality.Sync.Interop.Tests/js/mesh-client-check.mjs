// Checks mesh-client.js against the engine (MeshClientOrderTests): reads a JSON array of base64
// frames on stdin, each a ChangeEvent our ProtocolCodec encoded with two versions of one document,
// and prints a JSON array: per frame the versions as the page client decoded them (body text, stamp,
// tombstone, origin) and whether it keeps the second over the first, or the error that refused it.
import "./mesh-client.js";

const { decode, rank, formatStamp } = globalThis.meshClient;
let input = "";
for await (const chunk of process.stdin) input += chunk;

const results = JSON.parse(input).map((base64) => {
  try {
    const { documents } = decode(new Uint8Array(Buffer.from(base64, "base64")));
    return {
      versions: documents.map((d) => ({ body: d.bodyText, stamp: formatStamp(d.stamp), deleted: d.deleted, origin: d.origin })),
      keepsSecond: rank(documents[0], documents[1]) < 0,
    };
  } catch (error) {
    return { error: error.message };
  }
});
process.stdout.write(JSON.stringify(results));
