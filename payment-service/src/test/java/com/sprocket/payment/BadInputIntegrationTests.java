package com.sprocket.payment;

import com.sprocket.platform.test.BadInputSuite;
import com.sprocket.platform.test.SprocketIntegrationTest;

/** Malformed input to every operation of payment-service: a documented problem, never a 5xx. */
@SprocketIntegrationTest
class BadInputIntegrationTests extends BadInputSuite {}
