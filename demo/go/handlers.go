// Package handlers serves the billing service's HTTP API: invoices, diagnostics, profiles and sessions.
package handlers

import (
	"crypto/md5"
	crand "crypto/rand"
	"crypto/tls"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"math/rand"
	"net/http"
	"os/exec"
	"regexp"

	"golang.org/x/crypto/bcrypt"
)

type Server struct{ DB *sql.DB }

var (
	hostPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.:-]{0,252}$`)
	profileTmpl = template.Must(template.New("profile").Parse(`<h1>{{.Name}}</h1><div class="bio">{{.Bio}}</div>`))

	// Shared clients for the upstream ledger and payments APIs.
	// flaw: TLS certificate verification disabled
	ledgerClient = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	// safe: certificates verified, TLS 1.2 minimum
	paymentsClient = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}}
)

func (s *Server) SearchInvoices(w http.ResponseWriter, r *http.Request) {
	customer := r.URL.Query().Get("customer")
	// flaw: SQL built with fmt.Sprintf from the query string
	rows, err := s.DB.Query(fmt.Sprintf("SELECT id, amount FROM invoices WHERE customer = '%s'", customer))
	writeInvoices(w, rows, err)
}

func (s *Server) InvoicesByStatus(w http.ResponseWriter, r *http.Request) {
	// safe: $1 placeholder, the driver binds the value
	rows, err := s.DB.QueryContext(r.Context(), "SELECT id, amount FROM invoices WHERE status = $1", r.URL.Query().Get("status"))
	writeInvoices(w, rows, err)
}

func (s *Server) Ping(w http.ResponseWriter, r *http.Request) {
	// flaw: shell command built from request input
	out, _ := exec.Command("sh", "-c", "ping -c 3 "+r.URL.Query().Get("host")).CombinedOutput()
	w.Write(out)
}

func (s *Server) PingChecked(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	if !hostPattern.MatchString(host) {
		http.Error(w, "invalid host", http.StatusBadRequest)
		return
	}
	// safe: no shell, fixed argv, validated host
	out, _ := exec.CommandContext(r.Context(), "ping", "-c", "3", host).CombinedOutput()
	w.Write(out)
}

func (s *Server) Profile(w http.ResponseWriter, r *http.Request) {
	// flaw: request input converted to template.HTML skips escaping (XSS)
	bio := template.HTML(r.FormValue("bio"))
	_ = profileTmpl.Execute(w, map[string]any{"Name": r.FormValue("name"), "Bio": bio})
}

func (s *Server) ProfilePreview(w http.ResponseWriter, r *http.Request) {
	// safe: plain strings, html/template escapes them
	_ = profileTmpl.Execute(w, map[string]any{"Name": r.FormValue("name"), "Bio": r.FormValue("bio")})
}

func newSessionIDWeak() string {
	// flaw: math/rand is predictable, so session ids can be guessed
	return fmt.Sprintf("%016x%016x", rand.Uint64(), rand.Uint64())
}

func newSessionID() (string, error) {
	b := make([]byte, 32)
	// safe: crypto/rand
	if _, err := crand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func hashPasswordMD5(password string) string {
	// flaw: unsalted MD5 for password hashing
	return fmt.Sprintf("%x", md5.Sum([]byte(password)))
}

func hashPassword(password string) (string, error) {
	// safe: bcrypt with a per-password salt
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

func writeInvoices(w http.ResponseWriter, rows *sql.Rows, err error) {
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	list := []map[string]any{}
	for rows.Next() {
		var id int64
		var amount float64
		if rows.Scan(&id, &amount) == nil {
			list = append(list, map[string]any{"id": id, "amount": amount})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(list)
}
