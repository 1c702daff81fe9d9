/**
 * Flickr's licence table as flickr.photos.licenses.getInfo returns it (live response of
 * 2025-06-19; ids 11–16, CC 4.0, exist since 2025-06-18). Map by id or URL, never by name.
 */
export interface FlickrLicense {
  id: number;
  name: string;
  url: string;
  /** NonCommercial or NoDerivatives: not what Flickr Commons is for. */
  restrictive: boolean;
}

export const FLICKR_LICENSES: readonly FlickrLicense[] = [
  { id: 0, name: "All Rights Reserved", url: "https://www.flickrhelp.com/hc/en-us/articles/10710266545556-Using-Flickr-images-shared-by-other-members", restrictive: true },
  { id: 1, name: "CC BY-NC-SA 2.0", url: "https://creativecommons.org/licenses/by-nc-sa/2.0/", restrictive: true },
  { id: 2, name: "CC BY-NC 2.0", url: "https://creativecommons.org/licenses/by-nc/2.0/", restrictive: true },
  { id: 3, name: "CC BY-NC-ND 2.0", url: "https://creativecommons.org/licenses/by-nc-nd/2.0/", restrictive: true },
  { id: 4, name: "CC BY 2.0", url: "https://creativecommons.org/licenses/by/2.0/", restrictive: false },
  { id: 5, name: "CC BY-SA 2.0", url: "https://creativecommons.org/licenses/by-sa/2.0/", restrictive: false },
  { id: 6, name: "CC BY-ND 2.0", url: "https://creativecommons.org/licenses/by-nd/2.0/", restrictive: true },
  { id: 7, name: "No known copyright restrictions", url: "https://www.flickr.com/commons/usage/", restrictive: false },
  { id: 8, name: "United States Government Work", url: "https://www.usa.gov/government-copyright", restrictive: false },
  { id: 9, name: "Public Domain Dedication (CC0)", url: "https://creativecommons.org/publicdomain/zero/1.0/", restrictive: false },
  { id: 10, name: "Public Domain Mark", url: "https://creativecommons.org/publicdomain/mark/1.0/", restrictive: false },
  { id: 11, name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/", restrictive: false },
  { id: 12, name: "CC BY-SA 4.0", url: "https://creativecommons.org/licenses/by-sa/4.0/", restrictive: false },
  { id: 13, name: "CC BY-ND 4.0", url: "https://creativecommons.org/licenses/by-nd/4.0/", restrictive: true },
  { id: 14, name: "CC BY-NC 4.0", url: "https://creativecommons.org/licenses/by-nc/4.0/", restrictive: true },
  { id: 15, name: "CC BY-NC-SA 4.0", url: "https://creativecommons.org/licenses/by-nc-sa/4.0/", restrictive: true },
  { id: 16, name: "CC BY-NC-ND 4.0", url: "https://creativecommons.org/licenses/by-nc-nd/4.0/", restrictive: true },
];

/** The order getInfo returns them in (0, 4, 6, 3, 2, 1, 5, 7–16), for a faithful sandbox. */
export const FLICKR_LICENSE_ORDER = [0, 4, 6, 3, 2, 1, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] as const;

/** The id Flickr's API refuses in setLicense: it comes only from a Commons account's default. */
export const NO_KNOWN_COPYRIGHT_RESTRICTIONS = 7;

export function licenseById(id: number): FlickrLicense | undefined {
  return FLICKR_LICENSES.find((l) => l.id === id);
}
