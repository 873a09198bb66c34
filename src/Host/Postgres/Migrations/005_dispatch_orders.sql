-- 005_dispatch_orders: the dispatch stage's orders (dispatch.orders), one row per order event:
-- NO_VEHICLE then ASSIGNED (or CANCELLED) for an order that waited, ASSIGNED alone otherwise.

CREATE TABLE dispatch_orders (
    order_id          text             NOT NULL,
    sequence          integer          NOT NULL,
    status            text             NOT NULL,
    episode_id        text             NOT NULL,
    patient_id        text             NOT NULL,
    vehicle_id        text,
    ts                timestamptz      NOT NULL,
    patient_latitude  double precision,
    patient_longitude double precision,
    vehicle_latitude  double precision,
    vehicle_longitude double precision,
    distance_km       double precision,
    eta_seconds       integer,
    reason            text             NOT NULL,
    detail            text,
    PRIMARY KEY (order_id, sequence)
);

CREATE INDEX dispatch_orders_patient_ts ON dispatch_orders (patient_id, ts);
CREATE INDEX dispatch_orders_vehicle_ts ON dispatch_orders (vehicle_id, ts) WHERE vehicle_id IS NOT NULL;
