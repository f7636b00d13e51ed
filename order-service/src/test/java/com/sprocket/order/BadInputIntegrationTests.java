package com.sprocket.order;

import com.sprocket.platform.test.BadInputSuite;
import com.sprocket.platform.test.SprocketIntegrationTest;

/** Malformed input to every operation of order-service: a documented problem, never a 5xx. */
@SprocketIntegrationTest
class BadInputIntegrationTests extends BadInputSuite {}
