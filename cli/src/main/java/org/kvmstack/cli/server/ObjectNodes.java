package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies as JSON trees (every value escaped by Jackson). */
final class ObjectNodes {
    private ObjectNodes() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Nova's argument for actions that take none: {@code {"os-start": null}}. */
    static NullNode none() {
        return NullNode.getInstance();
    }
}
