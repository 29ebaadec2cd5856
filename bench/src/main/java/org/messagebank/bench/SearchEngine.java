package org.messagebank.bench;

/** Something that answers the query mix: the store's index, or the SQL baseline. */
interface SearchEngine {

    String name();

    /** A searcher for one load thread. */
    Session open();

    /** One load thread's connection to the engine. */
    interface Session extends AutoCloseable {
        /** Runs the search and returns how many hits (at most {@link QuerySpec#LIMIT}) came back. */
        int search(QuerySpec query);

        @Override
        void close();
    }
}
