package protocol_test

import (
	"encoding/json"
	"fmt"

	"github.com/serialhub/serialhub/internal/protocol"
)

// A client keeps its place in the stream with a Position, and resumes
// there after a disconnect.
func ExamplePosition() {
	var pos protocol.Position
	// What the server sent: text frames (events) and binary frames (here
	// only their lengths).
	frames := []any{
		`{"type":"status","port":{"name":"lab","stream":"9f86d081884c7d65","bytesIn":1000}}`,
		`{"type":"replay","bytes":1000,"offset":0}`,
		1000,
		200,
	}
	for _, f := range frames {
		switch f := f.(type) {
		case string:
			var ev protocol.Event
			if err := json.Unmarshal([]byte(f), &ev); err != nil {
				panic(err)
			}
			pos.Event(&ev)
		case int:
			pos.Data(f)
		}
	}
	// The connection drops: the next one asks for what follows.
	fmt.Println(pos.Query(true).Encode())
	// Output: since=1200&stream=9f86d081884c7d65
}

// The server checks every control message with ParseRequest.
func ExampleParseRequest() {
	req, err := protocol.ParseRequest([]byte(`{"type":"break","id":5,"ms":250}`))
	d, _ := req.Break()
	fmt.Println(req.Type, string(req.ID), d, err)

	_, err = protocol.ParseRequest([]byte(`{"type":"break","id":6,"ms":0}`))
	re := err.(*protocol.RequestError)
	fmt.Println(re.Code, string(re.ID), re.Message)
	// Output:
	// break 5 250ms <nil>
	// bad_request 6 break of 0 ms: want 1 to 10000
}
