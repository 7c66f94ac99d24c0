// Package albums makes Sajin's automatic albums from what the catalog knows of each photo: events and trips
// from times and positions, things from label categories, places from a geocoder, people from face
// embeddings, and memories from dates. It is pure computation over plain values (Photo in, Album out): it
// reads no files and no clock, keeps no state between calls, and the caller stores what it returns (the
// People assignment included). Build rebuilds everything; Things, PlaceAlbums, PersonAlbums and Memories make
// one kind each, and People.Add assigns new faces as photos arrive.
//
// # Events and trips
//
// Photos are put in the order they were taken: by their instant when the UTC offset is known, else by their
// wall-clock time read in the library's most common offset. Dates are always the photo's own wall-clock
// dates, so a day in New York is the New York date, and flying east over the date line can give two days of
// the same date, which stay two days.
//
// Home is the place with photos on the most distinct days (a city named by the geocoder, or a cell of 0.1
// degree without one), not the most photos: a week's trip with a thousand photos does not outweigh a year
// of weekends. A day with a photo more than AwayKm from home is a day away; a trip is a run of days away,
// through days without positions and gaps of at most TripGapDays days without photos, ended by a day at
// home, spanning at least MinTripDays calendar days. One day away (a day trip to Daejeon) is an event. A
// trip keeps its days (Album.Days), each titled with its own place and date. The photos outside trips make
// events: a gap of more than EventGap, or a move of more than EventKm between two photos with positions,
// starts a new one; events and trips need MinEventPhotos photos.
//
// The thresholds were measured on generated years with known trips (photos in Seoul every weekend day, a
// week in Jeju with two days in Seogwipo, a weekend in Busan, Tokyo with a day without photos, New York at
// UTC-5 flying home over the date line, a day trip to Daejeon; five seeds, with and without offsets; go test
// ./albums -run Sweep -v). Pair precision and recall of the grouping against the truth:
//
//	EventGap   1h     2h     4h     6h     8h     10h    12h    16h    24h
//	precision  1.000  1.000  1.000  1.000  1.000  1.000  1.000  0.858  0.774
//	recall     0.760  0.874  0.987  0.999  1.000  1.000  1.000  1.000  1.000
//
// and with long days at home (one to four bursts of photos anywhere from 7:00 to midnight, where the truth
// "one day, one event" is debatable):
//
//	precision  1.000  1.000  1.000  1.000  0.999  0.962  0.931  0.852  0.789
//	recall     0.764  0.806  0.868  0.926  0.965  0.981  0.988  0.997  0.999
//	F1         0.866  0.893  0.930  0.962  0.982  0.972  0.958  0.919  0.882
//
//	AwayKm     30     50     100    200    400
//	trips      4      4      4      4      3 (of 4: Busan, 325 km, is lost)
//	F1         0.997  1.000  1.000  1.000  0.997 (at 30 km the Incheon airport, 45 km out, is away)
//
// Gaps of 6 to 12 hours cut nights and keep days; 8 hours (DefaultEventGap) is best on long days, and splits
// a day only when nothing was photographed for most of it. 100 km keeps a city's airport and
// suburbs at home and makes any other city away. On the real camera files of goexif's exif/samples (55 dated
// photos from 2004 to 2018, many cameras, three with GPS) the two true sessions are 30 s and 35 min long and
// the smallest gap between other photos is 37 hours, so any EventGap between 1 and 37 hours finds exactly
// them; their titles come from the GPS ("Salt Lake City, 19 Dec 2012" / "솔트레이크시티, 2012년 12월 19일").
// Generated timelines are only as varied as their generator: a library of night owls or of long days with
// one photo at dawn and one at night will be cut differently, which is why the thresholds are Options.
//
// # Titles
//
// Event titles are place and dates ("Seoul, 3 Aug 2015" / "서울, 2015년 8월 3일"; "3-9 Aug 2015" /
// "2015년 8월 3일~9일" for several days), trip titles place and months ("Jeju, August 2015" / "제주, 2015년 8월").
// The place is the city of half the photos or more, else the top two cities ("Tokyo & Osaka" / "도쿄·오사카")
// when they hold three quarters, else the country; a trip is named after its photos away from home. Korean
// names fall back to English where the places data has none. GeoNames's "Jeju City" and "New York City" are
// shown as "Jeju" and "New York" (the " City" of Korean cities and of New York only).
//
// # Things, places, people, memories
//
// A thing album is a label category (vision/labels) with MinThingPhotos photos whose labels score at least
// MinLabelScore; people (person albums cover them) and colours and light are left out by default. A place
// album is a city with MinPlacePhotos photos, and a country with two city albums or more. Photos in these
// albums, and in person albums, are newest first; events, trips and memories are in the order taken.
//
// People are clusters of FaceRes embeddings. A face joins the person whose centroid (the normalised sum of
// their faces) is most similar when the cosine is at least FaceThreshold, else starts a new person, so
// faces are assigned one by one as photos arrive and a person's id never changes. The threshold was measured
// on real faces (testdata/faces_augmented.json: three people, nine versions each of a face as the detector
// cut it, mirrored, lighter, darker, blurred, halved, rotated, more contrast, grey; 20 orders each, go test
// ./albums -run FaceThreshold -v). Same person: median cosine 0.85, down to 0.41 for a 35-pixel face
// blurred; different people: median 0.35, up to 0.60 for two small blurred faces.
//
//	threshold         0.40   0.50   0.55   0.60   0.65   0.70   0.80
//	pair precision    0.732  0.975  0.992  0.995  1.000  1.000  1.000
//	worst order       0.308  0.839  0.839  0.977  1.000  1.000  1.000
//	recall            0.989  0.959  0.948  0.874  0.797  0.768  0.679
//	persons (3 true)  2.4    3.1    3.4    4.1    4.7    5.1    6.9
//
// 0.65 is the lowest threshold that never put two people together: merging two people is one action for
// the user, untangling a mixed person is many. The same faces mirrored score 0.96 and the two reference
// people 0.38 (testdata/faceres_embeddings.json). Name, Merge, Split and Remove edit the assignment and
// return a new one; unnamed people are titled "Person 3" / "인물 3". The measured faces are few (three
// people, variations of one photo each): real libraries have more look-alikes and more change between
// photos of one person, so expect more people to merge by hand than here.
//
// Memories are "on this day" (now's month and day in earlier years, one album per year: "1 year ago" /
// "1년 전") and "this month, years ago" ("This month, 3 years ago" / "3년 전 이번 달").
//
// # Cost
//
// Build over 100,000 generated photos (21 years, 2,257 albums, real places data; go test ./albums -bench
// Build -run ^$) takes 0.5 to 0.7 s and 140 MB of allocations on one core of the 2-core development machine;
// the geocoder is asked once per 0.01 degree cell. Adding one face among 200 people takes 0.5 ms, whatever
// the number of faces already assigned. So the albums of a large library can be rebuilt after each import
// batch, relabelling or deletion, while faces are assigned to people photo by photo.
//
// # Limits
//
// Times without an offset taken abroad are read in the home offset, which can misorder photos by a few hours
// around a flight (never across days of their own dates). Home is one place: someone who moved has the
// place where they took photos on the most days as home, and trips from the other one are not trips. A
// place is the nearest named town, so an album of a small town may hold a few photos from across a border.
package albums
