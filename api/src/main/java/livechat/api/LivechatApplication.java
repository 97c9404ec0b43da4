package livechat.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class LivechatApplication {

    public static void main(String[] args) {
        SpringApplication.run(LivechatApplication.class, args);
    }
}
