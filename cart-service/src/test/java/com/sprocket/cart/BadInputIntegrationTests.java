package com.sprocket.cart;

import com.sprocket.platform.test.BadInputSuite;
import com.sprocket.platform.test.SprocketIntegrationTest;

/** Malformed input to every operation of cart-service: a documented problem, never a 5xx. */
@SprocketIntegrationTest
class BadInputIntegrationTests extends BadInputSuite {}
