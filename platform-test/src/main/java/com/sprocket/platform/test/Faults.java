package com.sprocket.platform.test;

/**
 * The breakable infrastructure of a {@link FaultInjection} test: the proxy in front of the service's
 * database and the service's own Kafka broker process. A bean in the test's context; closed with it.
 */
public final class Faults implements AutoCloseable {

    private final TcpProxy database;
    private final KafkaProcess kafka;

    Faults(TcpProxy database, KafkaProcess kafka) {
        this.database = database;
        this.kafka = kafka;
    }

    public TcpProxy database() {
        return database;
    }

    public KafkaProcess kafka() {
        return kafka;
    }

    @Override
    public void close() {
        database.close();
        kafka.close();
    }
}
