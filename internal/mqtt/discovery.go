package mqtt

import "encoding/json"

// haConfig is a Home Assistant MQTT discovery config for a sensor
// (https://www.home-assistant.io/integrations/sensor.mqtt/).
type haConfig struct {
	Name              string   `json:"name"`
	UniqueID          string   `json:"unique_id"`
	ObjectID          string   `json:"object_id"`
	StateTopic        string   `json:"state_topic"`
	AvailabilityTopic string   `json:"availability_topic"`
	PayloadAvailable  string   `json:"payload_available"`
	PayloadNotAvail   string   `json:"payload_not_available"`
	Device            haDevice `json:"device"`
}

type haDevice struct {
	Identifiers  []string `json:"identifiers"`
	Name         string   `json:"name"`
	Manufacturer string   `json:"manufacturer"`
	Model        string   `json:"model"`
}

// discovery is the retained discovery config of the port's value name:
// topic homeassistant/sensor/serialhub_GATEWAY/PORT_NAME/config (ids
// with every byte other than letters, digits, '_' and '-' made '_'). The
// device is the port; the unique id uses the topic names, so it is
// unique even where the ids are not.
func (r *portRun) discovery(name string) outgoing {
	gw := r.b.cfg.Gateway
	c := haConfig{
		Name:              name,
		UniqueID:          "serialhub_" + TopicName(gw) + "_" + TopicName(r.name) + "_" + TopicName(name),
		ObjectID:          objectID(r.name + "_" + name),
		StateTopic:        r.topic + "values/" + TopicName(name),
		AvailabilityTopic: r.b.prefix + "status",
		PayloadAvailable:  "online",
		PayloadNotAvail:   "offline",
		Device: haDevice{
			Identifiers:  []string{"serialhub_" + TopicName(gw) + "_" + TopicName(r.name)},
			Name:         r.name + " on " + gw,
			Manufacturer: "serialhub",
			Model:        "serial port",
		},
	}
	js, _ := json.Marshal(c) // strings only: never fails
	topic := "homeassistant/sensor/" + objectID("serialhub_"+gw) + "/" + objectID(r.name+"_"+name) + "/config"
	return outgoing{topic: topic, retained: true, payload: js}
}
