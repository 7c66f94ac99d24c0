// Package albums makes Sajin's automatic albums from what the catalog knows of each photo: events and trips
// from times and positions, things from label categories, places from a geocoder, people from face
// embeddings, and memories from dates. It is pure computation over plain values (Photo in, Album out): it
// reads no files and no clock, and the caller stores what it returns.
package albums
