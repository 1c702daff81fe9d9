/** The mapping layer: pure functions from catalogue fields to Flickr fields. */
export { mapItem, resolveValues, FIELD_MAPPING, type MappedItem } from "./item.js";
export { mapLicense, type MapLicenseOptions, type LicenseResult } from "./license.js";
export { rightsKey, cleanRightsValue, parseCreativeCommons, lookupRights, type CcLicense } from "./rights-key.js";
export { RIGHTS_TABLE, type RightsRow, type RightsMeaning } from "./rights-table.js";
export { parseDate, formatFlickrDate, UNKNOWN_DATE_WORDS, ACCEPTED_DATE_FORMS, type DateResult, type ParseDateOptions } from "./date.js";
export { readDateExpression, READERS as DATE_READERS } from "./date-read.js";
export { MONTH_NAMES, SEASON_NAMES, EVENT_PREFIXES, APPROXIMATE_PREFIXES, UNCERTAIN_PREFIXES, PARTS_BEFORE, PARTS_AFTER } from "./date-words.js";
export type { DateSpan, Reading as DateReading, Ymd } from "./date-span.js";
export { mapTags, splitList, MAX_TAGS, ID_PREDICATE, type MapTagsInput, type TagsResult } from "./tags.js";
export { renderTemplate, templateFields, checkTemplate, type RenderedTemplate } from "./template.js";
export { buildTemplateValues, knownTemplateFields, COMPUTED_TEMPLATE_FIELDS, type TemplateValuesInput } from "./template-values.js";
export {
  DEFAULT_DESCRIPTION_TEMPLATE,
  sanitizeFlickrHtml,
  renderDescription,
  type SanitizedHtml,
  type RenderedDescription,
} from "./description.js";
export { mapGeo, parseDecimal, type MapGeoInput, type GeoResult } from "./geo.js";
export { mapTitle, normalizeTitleText, DEFAULT_TITLE_TEMPLATE, type MapTitleInput, type TitleResult } from "./title.js";
export {
  mapPhotoOptions,
  IS_PUBLIC,
  HIDDEN,
  SAFETY_LEVEL,
  CONTENT_TYPE,
  type OptionTable,
  type PhotoOptionsInput,
  type PhotoOptions,
} from "./photo-options.js";
