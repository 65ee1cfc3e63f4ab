-- What people ask for by site and by requester (history, App Home) is read newest first.
CREATE INDEX change_request_site_time ON change_request (site_id, created_at);
CREATE INDEX change_request_requester_time ON change_request (requester_id, created_at);
