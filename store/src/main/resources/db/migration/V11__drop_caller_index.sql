-- A caller's earlier messages are found in the search index (by the caller's number in a
-- client's scope). The B-tree on (client_id, caller_number, id) was touched at random places by
-- every capture and every deletion: it was most of the cost of reaping expired messages.
DROP INDEX messages_client_caller;
