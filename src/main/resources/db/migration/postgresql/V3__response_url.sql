-- The slash command's response_url (valid 30 minutes), to tell the requester privately when the
-- approval message cannot be posted in the channel.
ALTER TABLE change_request ADD COLUMN response_url TEXT;
