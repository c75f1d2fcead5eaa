package org.kvmstack.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.kvmstack.api.Access;
import org.kvmstack.api.Microversion;
import org.kvmstack.api.MicroversionPolicy;
import org.kvmstack.api.RouteModule;
import org.kvmstack.api.Routes;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.keypair.GeneratedKeypair;
import org.kvmstack.cloud.keypair.Keypair;
import org.kvmstack.cloud.keypair.KeypairService;

/** Nova keypairs ({@code /os-keypairs}), per user. */
public final class KeypairRoutes implements RouteModule {
    private static final String BASE = FlavorRoutes.BASE + "/os-keypairs";
    private static final Microversion WITH_TYPE = new Microversion(2, 2);
    private static final Microversion CREATED_201 = new Microversion(2, 2);

    private final KeypairService keypairs;
    private final ObjectMapper json;

    public KeypairRoutes(KeypairService keypairs, ObjectMapper json) {
        this.keypairs = Objects.requireNonNull(keypairs, "keypairs");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void register(Routes routes) {
        routes.get(BASE, Access.READER, this::list)
                .post(BASE, Access.MEMBER, this::create)
                .get(BASE + "/{name}", Access.READER, this::show)
                .delete(BASE + "/{name}", Access.MEMBER, this::delete);
    }

    private void list(Context ctx) {
        String user = Callers.of(ctx).userId();
        ctx.json(Map.of("keypairs", keypairs.list(user).stream()
                .map(k -> Map.of("keypair", view(ctx, k, false))).toList()));
    }

    private void create(Context ctx) throws Exception {
        JsonNode body = Json.body(json, ctx, "keypair");
        String user = Callers.of(ctx).userId();
        String name = Json.text(body, "name", true);
        String type = Json.text(body, "type", false);
        if (type != null && !type.equals("ssh")) {
            throw new BadRequest("Keypair type " + type + " is not supported; use ssh");
        }
        String publicKey = Json.text(body, "public_key", false);
        Map<String, Object> view;
        if (publicKey != null) {
            view = view(ctx, keypairs.importKey(user, name, publicKey), true);
        } else {
            GeneratedKeypair generated = keypairs.generate(user, name, KeypairService.Algorithm.RSA);
            view = view(ctx, generated.keypair(), true);
            view.put("private_key", generated.privateKeyPem());
        }
        ctx.status(MicroversionPolicy.of(ctx).compareTo(CREATED_201) >= 0 ? 201 : 200).json(Map.of("keypair", view));
    }

    private void show(Context ctx) {
        Keypair k = keypairs.get(Callers.of(ctx).userId(), ctx.pathParam("name"));
        Map<String, Object> view = view(ctx, k, true);
        view.put("id", k.id());
        view.put("created_at", k.createdAt().toString());
        view.put("deleted", false);
        view.put("deleted_at", null);
        view.put("updated_at", null);
        ctx.json(Map.of("keypair", view));
    }

    private void delete(Context ctx) {
        keypairs.delete(Callers.of(ctx).userId(), ctx.pathParam("name"));
        ctx.status(MicroversionPolicy.of(ctx).compareTo(CREATED_201) >= 0 ? 204 : 202);
    }

    private static Map<String, Object> view(Context ctx, Keypair k, boolean withUser) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", k.name());
        v.put("public_key", k.publicKey());
        v.put("fingerprint", k.fingerprint());
        if (MicroversionPolicy.of(ctx).compareTo(WITH_TYPE) >= 0) {
            v.put("type", k.type());
        }
        if (withUser) {
            v.put("user_id", k.userId());
        }
        return v;
    }
}
