package io.dmkit.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The attributes of the session configuration's Metatype (factory PID {@code io.dmkit.session}), read
 * from the descriptor that bnd generated into the core bundle: the form a Web Console or Kura renders,
 * so a fuzz test of it covers every attribute an administrator can set, including ones added later.
 */
final class SessionMetatype {

    static final String DESCRIPTOR = "OSGI-INF/metatype/io.dmkit.session.xml";

    /** One attribute definition: its id (the property name) and Metatype type (String, Integer, Password, …). */
    record Attribute(String id, String type) {
        boolean isSecret() {
            return type.equals("Password");
        }
    }

    private SessionMetatype() {
    }

    static List<Attribute> attributes() {
        try (InputStream in = SessionMetatype.class.getClassLoader().getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                throw new IllegalStateException(DESCRIPTOR + " is not on the class path (the core bundle)");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList ads = factory.newDocumentBuilder().parse(in).getElementsByTagName("AD");
            List<Attribute> attributes = new ArrayList<>();
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                attributes.add(new Attribute(ad.getAttribute("id"), ad.getAttribute("type")));
            }
            return List.copyOf(attributes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + DESCRIPTOR, e);
        }
    }
}
