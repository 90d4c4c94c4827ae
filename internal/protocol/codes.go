package protocol

// Error codes: the "code" of an Error event and of a REST ErrorBody.
// docs/protocol.md says when each is given.
const (
	CodeBadRequest   = "bad_request"      // not a JSON object, no type, a field of the wrong type, a bad query parameter
	CodeUnknownType  = "unknown_type"     // a control message's type is not one the server knows
	CodeTooLarge     = "too_large"        // a control message or REST body over MaxControlSize
	CodeNotOpen      = "not_open"         // the device is not open: nothing was done
	CodeWriteFailed  = "write_failed"     // the device refused the bytes
	CodeBadSettings  = "bad_settings"     // a setting's value is invalid: nothing changed
	CodeNotSupported = "not_supported"    // the device lacks the control or ignored a setting: nothing changed
	CodeFailed       = "failed"           // the device (or the server) failed to carry it out
	CodeNotFound     = "not_found"        // (REST) no such port, endpoint or capture
	CodeLocked       = "locked"           // another client holds the port's write lock or lease
	CodeNoLease      = "no_lease"         // the lease named expired, was released or broken, or no one holds the port
	CodeQueueFull    = "queue_full"       // too many clients already wait for the port's lease
	CodeUnauthorized = "unauthorized"     // (REST) no or wrong credentials
	CodeForbidden    = "forbidden"        // the role for the port does not allow it
	CodeRateLimited  = "rate_limited"     // too many control messages, or failed logins, lately
	CodeTooMany      = "too_many_clients" // (REST) the server or the port has its maximum of clients
	CodeNotAllowed   = "not_allowed"      // (REST) the server does not let clients do that (--allow-open)
	CodeExists       = "exists"           // (REST) a port already has the name
	CodeMisdirected  = "misdirected"      // (REST) the Host is not one the server answers to (--allow-host)
	CodeJobRunning   = "job_running"      // a job is sending a file to the port: other clients' writes and changes are refused until it ends
	CodeJobState     = "job_state"        // (REST) the job is not in a state the request applies to (pause a paused job, …)
)
