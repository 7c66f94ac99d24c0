package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"strings"
)

// XMP writes the XMP sidecar of a photo ("IMG_1234.JPG.xmp", as darktable and digiKam name them), for other photo
// programs: the capture date (xmp:CreateDate, photoshop:DateCreated), the position (exif:GPSLatitude/Longitude),
// labels the user did not remove as keywords (dc:subject, English names), named people as MWG face regions and
// Iptc4xmpExt:PersonInImage, favourites as xmp:Rating 5, and albums as lr:hierarchicalSubject "Albums|Title".
// Sajin's own restore reads the JSON sidecar, which has everything; the XMP is what other programs understand.
func XMP(sc Sidecar) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>` + "\n")
	b.WriteString(`<x:xmpmeta xmlns:x="adobe:ns:meta/">` + "\n")
	b.WriteString(` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` + "\n")
	b.WriteString(`  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
    xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"`)
	attr := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "\n    %s=\"%s\"", name, esc(value))
		}
	}
	attr("xmp:CreateDate", sc.TakenAt)
	attr("photoshop:DateCreated", sc.TakenAt)
	if sc.Favourite {
		attr("xmp:Rating", "5")
	}
	if sc.GPS != nil {
		attr("exif:GPSLatitude", xmpCoord(sc.GPS.Lat, "N", "S"))
		attr("exif:GPSLongitude", xmpCoord(sc.GPS.Lon, "E", "W"))
	}
	b.WriteString(">\n")
	var keywords, people []string
	for _, l := range sc.Labels {
		if l.State != "removed" {
			keywords = append(keywords, nonEmpty(l.En, strings.ReplaceAll(l.Key, "_", " ")))
		}
	}
	for _, f := range sc.Faces {
		if f.Name != "" && !slices.Contains(people, f.Name) {
			people = append(people, f.Name)
		}
	}
	bag(&b, "dc:subject", keywords)
	bag(&b, "Iptc4xmpExt:PersonInImage", people)
	var hier []string
	for _, a := range sc.Albums {
		hier = append(hier, "Albums|"+a.Title)
	}
	bag(&b, "lr:hierarchicalSubject", hier)
	regions(&b, sc)
	b.WriteString("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n")
	return b.Bytes()
}

func bag(b *bytes.Buffer, name string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(b, "   <%s>\n    <rdf:Bag>\n", name)
	for _, it := range items {
		fmt.Fprintf(b, "     <rdf:li>%s</rdf:li>\n", esc(it))
	}
	fmt.Fprintf(b, "    </rdf:Bag>\n   </%s>\n", name)
}

// regions writes the named faces as MWG regions: centre, width and height in 0..1 of the displayed photo.
func regions(b *bytes.Buffer, sc Sidecar) {
	var named []Face
	for _, f := range sc.Faces {
		if f.Name != "" {
			named = append(named, f)
		}
	}
	if len(named) == 0 {
		return
	}
	fmt.Fprintf(b, "   <mwg-rs:Regions rdf:parseType=\"Resource\">\n")
	fmt.Fprintf(b, "    <mwg-rs:AppliedToDimensions stDim:w=\"%d\" stDim:h=\"%d\" stDim:unit=\"pixel\"/>\n", sc.Width, sc.Height)
	b.WriteString("    <mwg-rs:RegionList>\n     <rdf:Bag>\n")
	for _, f := range named {
		x0, y0, x1, y1 := f.Box[0], f.Box[1], f.Box[2], f.Box[3]
		fmt.Fprintf(b, "      <rdf:li rdf:parseType=\"Resource\">\n       <mwg-rs:Name>%s</mwg-rs:Name>\n", esc(f.Name))
		b.WriteString("       <mwg-rs:Type>Face</mwg-rs:Type>\n")
		fmt.Fprintf(b, "       <mwg-rs:Area stArea:x=\"%.4f\" stArea:y=\"%.4f\" stArea:w=\"%.4f\" stArea:h=\"%.4f\" stArea:unit=\"normalized\"/>\n",
			(x0+x1)/2, (y0+y1)/2, x1-x0, y1-y0)
		b.WriteString("      </rdf:li>\n")
	}
	b.WriteString("     </rdf:Bag>\n    </mwg-rs:RegionList>\n   </mwg-rs:Regions>\n")
}

// xmpCoord formats a coordinate as XMP's GPSCoordinate: degrees, decimal minutes and the hemisphere ("37,33.1234N").
func xmpCoord(v float64, pos, neg string) string {
	h := pos
	if v < 0 {
		h, v = neg, -v
	}
	d := math.Floor(v)
	return fmt.Sprintf("%d,%.6f%s", int(d), (v-d)*60, h)
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
