/**
 * Which EXIF tags an upload copy carries over from its master. An allow-list, not a deny-list:
 * masters (TIFF especially) carry structure tags that describe the old pixels (strips, bit
 * depth, colour primaries), vendor blobs of any size, and private data; only what describes
 * the capture is copied. Everything else is dropped, and the tables below are the whole story.
 */

/** IFD0 tags copied from the master (ImageDescription, Artist, Copyright are replaced when the manifest has a value). */
export const KEPT_IFD0_TAGS: ReadonlyMap<number, string> = new Map([
  [0x010e, "ImageDescription"],
  [0x010f, "Make"],
  [0x0110, "Model"],
  [0x011a, "XResolution"],
  [0x011b, "YResolution"],
  [0x0128, "ResolutionUnit"],
  [0x0131, "Software"],
  [0x013b, "Artist"],
  [0x8298, "Copyright"],
]);

/**
 * EXIF sub-IFD tags copied from the master: exposure and lens. No date: Flickr takes a photo's
 * "date taken" from EXIF DateTimeOriginal/DateTimeDigitized, and a master's EXIF dates are when it
 * was scanned. The date Flickr shows comes from the manifest (setDates), or is left unknown —
 * never the scanning day.
 */
export const KEPT_EXIF_TAGS: ReadonlyMap<number, string> = new Map([
  [0x829a, "ExposureTime"],
  [0x829d, "FNumber"],
  [0x8822, "ExposureProgram"],
  [0x8824, "SpectralSensitivity"],
  [0x8827, "PhotographicSensitivity"],
  [0x8830, "SensitivityType"],
  [0x8831, "StandardOutputSensitivity"],
  [0x8832, "RecommendedExposureIndex"],
  [0x8833, "ISOSpeed"],
  [0x9000, "ExifVersion"],
  [0x9201, "ShutterSpeedValue"],
  [0x9202, "ApertureValue"],
  [0x9203, "BrightnessValue"],
  [0x9204, "ExposureBiasValue"],
  [0x9205, "MaxApertureValue"],
  [0x9206, "SubjectDistance"],
  [0x9207, "MeteringMode"],
  [0x9208, "LightSource"],
  [0x9209, "Flash"],
  [0x920a, "FocalLength"],
  [0xa000, "FlashpixVersion"],
  [0xa20e, "FocalPlaneXResolution"],
  [0xa20f, "FocalPlaneYResolution"],
  [0xa210, "FocalPlaneResolutionUnit"],
  [0xa215, "ExposureIndex"],
  [0xa217, "SensingMethod"],
  [0xa300, "FileSource"],
  [0xa301, "SceneType"],
  [0xa401, "CustomRendered"],
  [0xa402, "ExposureMode"],
  [0xa403, "WhiteBalance"],
  [0xa404, "DigitalZoomRatio"],
  [0xa405, "FocalLengthIn35mmFilm"],
  [0xa406, "SceneCaptureType"],
  [0xa407, "GainControl"],
  [0xa408, "Contrast"],
  [0xa409, "Saturation"],
  [0xa40a, "Sharpness"],
  [0xa40c, "SubjectDistanceRange"],
  [0xa432, "LensSpecification"],
  [0xa433, "LensMake"],
  [0xa434, "LensModel"],
]);

/**
 * Tags dropped on purpose because they identify a person or a device (not an exhaustive list of
 * what is dropped — anything not kept is — but the ones a reviewer will ask about).
 */
export const PRIVATE_TAGS: ReadonlyMap<number, string> = new Map([
  [0xa431, "BodySerialNumber"],
  [0xa435, "LensSerialNumber"],
  [0xc62f, "CameraSerialNumber"], // DNG, in IFD0
  [0xa430, "CameraOwnerName"],
  [0xa420, "ImageUniqueID"],
  [0x927c, "MakerNote"], // vendor blob: holds InternalSerialNumber and owner names; its offsets break when moved anyway
  [0x9286, "UserComment"],
  [0x013c, "HostComputer"],
]);

/** EXIF tags heritage writes itself (their master values are replaced). */
export const WRITTEN_TAGS = {
  ImageDescription: 0x010e,
  Artist: 0x013b,
  Copyright: 0x8298,
  ColorSpace: 0xa001,
  PixelXDimension: 0xa002,
  PixelYDimension: 0xa003,
  ExifVersion: 0x9000,
} as const;
