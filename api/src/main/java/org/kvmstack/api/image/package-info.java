/**
 * Glance v2 routes under {@code /image/v2}: request parsing into typed commands ({@code ImageRequests}), the JSON
 * shape of an image ({@code ImageViews}), the schemas clients fetch ({@code ImageSchemas}) and the streamed file
 * transfer ({@code ImageRoutes}).
 */
package org.kvmstack.api.image;
