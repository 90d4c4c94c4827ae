package decode_test

import (
	"fmt"
	"time"

	"github.com/serialhub/serialhub/internal/decode"
)

// A GPS receiver's sentences, read in two pieces: the records come as
// their lines complete.
func ExampleNew() {
	d, err := decode.New(decode.Spec{Name: decode.NMEA})
	if err != nil {
		panic(err)
	}
	now := time.Now()
	in := []byte("$GPGGA,092725.00,4717.11399,N,00833.91590,E,1,08,1.01,499.6,M,48.0,M,,*5B\r\n$GPVTG,77.52,T,,M,0.004,N,0.008,K,A*07\r\n")
	recs := d.Feed(nil, in[:40], now, 0)
	recs = d.Feed(recs, in[40:], now, 40)
	for _, r := range recs {
		fmt.Print("at ", r.Offset, ":")
		for _, v := range r.Values {
			fmt.Printf(" %s=%.6g", v.Name, v.Num)
		}
		fmt.Println()
	}
	fmt.Println("errors:", d.Errors()) // the VTG's checksum is wrong
	// Output:
	// at 75: lat=47.2852 lon=8.56527 alt=499.6 sats=8 fix=1 hdop=1.01
	// errors: 1
}
