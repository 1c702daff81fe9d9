import test from "ava";
import { FLICKR_METHODS, isAlreadyDone, isIdempotent, isWriteMethod, methodTraits } from "../../src/flickr/methods.js";

const rows: [method: string, write: boolean, idempotent: boolean, alreadyDone: number[]][] = [
  ["flickr.photos.getInfo", false, true, []],
  ["flickr.photosets.getList", false, true, []],
  ["upload", true, false, []],
  ["replace", true, true, []],
  ["flickr.photos.setSafetyLevel", true, true, []],
  ["flickr.photos.delete", true, true, [1]],
  ["flickr.photos.geo.removeLocation", true, true, [2]],
  ["flickr.photosets.create", true, false, []],
  ["flickr.photosets.addPhoto", true, true, [3]],
  ["flickr.photosets.removePhoto", true, true, [1, 3]],
  // Not in the table: judged by flickr-sdk's list of POST methods, pessimistically.
  ["flickr.favorites.add", true, false, []],
  ["flickr.galleries.editMeta", true, true, []],
  ["flickr.people.getInfo", false, true, []],
];

for (const [method, write, idempotent, done] of rows) {
  test(`${method}: ${write ? "write" : "read"}, ${idempotent ? "" : "not "}idempotent, already done on ${done.join("/") || "nothing"}`, (t) => {
    t.is(isWriteMethod(method), write);
    t.is(isIdempotent(method), idempotent);
    for (const code of [1, 2, 3, 4]) t.is(isAlreadyDone(method, code), done.includes(code));
    t.false(isAlreadyDone(method, null));
  });
}

test("every method heritage sends is in the table", (t) => {
  const sent = ["flickr.photos.setMeta", "flickr.photos.setTags", "flickr.photos.removeTag", "flickr.photos.setDates", "flickr.photos.setPerms", "flickr.photos.setContentType", "flickr.photos.licenses.setLicense", "flickr.photos.geo.setLocation", "flickr.photos.search", "flickr.people.getPhotos", "flickr.photos.recentlyUpdated", "flickr.test.login", "flickr.auth.oauth.checkToken", "flickr.commons.getInstitutions"];
  for (const m of sent) t.truthy(FLICKR_METHODS[m], m);
  t.deepEqual(methodTraits("flickr.photos.setMeta"), { access: "write", idempotent: true });
});
